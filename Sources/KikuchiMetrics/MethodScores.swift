/// The figures of one denoising method on a scan: per pattern, and their means.
public struct MethodScores: Sendable {
    /// The method's name (`raw`, `autoencoder`, `pca`, ...).
    public var name: String
    /// Wall-clock seconds the method took on the whole scan (0 for `raw`).
    public var seconds: Double
    /// Against the truth, per pattern; empty without a truth.
    public var psnr: [Double] = []
    public var ssim: [Double] = []
    public var ncc: [Double] = []
    /// Always, per pattern.
    public var imageQuality: [Double] = []
    public var neighbourDotProduct: [Double] = []
    /// The indexing verdict (`compare --index`), per pattern: the raw pattern's fit at the
    /// orientation found from this output, whether that fit is confident (1) or not (0), the
    /// output's own match NCC, and with true orientations the error in degrees and whether it is
    /// within 2 degrees (1) or not (0).
    public var rawFit: [Double] = []
    public var confident: [Double] = []
    public var matchScore: [Double] = []
    public var orientationError: [Double] = []
    public var withinTwoDegrees: [Double] = []
    /// The orientations found from this output in inverse-pole-figure colour of the sample normal
    /// (IPF-Z): red, green, blue per pattern; empty without indexing.
    public var orientationColours: [UInt8] = []
    /// Why the method did not run on this scan (its one-line error), for a method that could not.
    public var skipped: String?
    /// What the method said about its run (how often a network's guard gave way).
    public var notes: [String] = []

    public init(name: String, seconds: Double) {
        self.name = name
        self.seconds = seconds
    }

    /// A method that could not run on the scan, with the reason.
    public static func skipped(_ name: String, because reason: String) -> MethodScores {
        var scores = MethodScores(name: name, seconds: 0)
        scores.skipped = reason
        return scores
    }

    /// The mean of the finite values (PSNR of an exact copy is infinite), or nil when there are none.
    public static func mean(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
    }

    /// The figures summarised by their median rather than their mean.
    public static let medianKeys: Set<String> = ["error"]
    /// The figures where a lower value is better.
    public static let lowerIsBetterKeys: Set<String> = ["error"]

    /// The summary of figure `key`'s values: their median for `medianKeys`, else their mean (of
    /// the finite values; nil when there are none).
    public static func summary(_ key: String, _ values: [Double]) -> Double? {
        guard medianKeys.contains(key) else { return mean(values) }
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        let middle = finite.count / 2
        return finite.count % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2
    }

    /// The named per-pattern figures, in report order (the indexing verdict first); those without
    /// values are left out.
    public var figures: [(key: String, label: String, values: [Double])] {
        [
            ("raw-fit", "raw-pattern fit (NCC)", rawFit), ("confident", "indexed, confident", confident),
            ("within-2", "within 2 deg of truth", withinTwoDegrees), ("error", "median error (deg)", orientationError),
            ("match", "own match NCC", matchScore),
            ("psnr", "PSNR (dB)", psnr), ("ssim", "SSIM", ssim), ("ncc", "NCC", ncc),
            ("iq", "image quality", imageQuality), ("adp", "neighbour dot product", neighbourDotProduct)
        ]
        .filter { !$0.2.isEmpty }
        .map { (key: $0.0, label: $0.1, values: $0.2) }
    }
}
