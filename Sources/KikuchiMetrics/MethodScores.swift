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

    /// The named per-pattern figures, in report order; those without values are left out.
    public var figures: [(key: String, label: String, values: [Double])] {
        [
            ("psnr", "PSNR (dB)", psnr), ("ssim", "SSIM", ssim), ("ncc", "NCC", ncc),
            ("iq", "image quality", imageQuality), ("adp", "neighbour dot product", neighbourDotProduct)
        ]
        .filter { !$0.2.isEmpty }
        .map { (key: $0.0, label: $0.1, values: $0.2) }
    }
}
