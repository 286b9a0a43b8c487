import KikuchiCore
import KikuchiIO

/// Non-local pattern averaging (NLPAR; Brewick, Wright & Rowenhorst, Ultramicroscopy 200, 2019) as
/// PyEBSDIndex 0.3.10's CPU `NLPAR.calcnlpar` computes it.
///
/// Each pattern becomes the weighted mean of the patterns in its (2r + 1) x (2r + 1) map search
/// window (shifted inward at the borders, `NLPARSearchWindow`). The weight of neighbour j of pattern i is
///   w_ij = exp(-max(D_ij - dthresh, 0) / lambda^2),   D_ij = (d2 - n2 (s_i^2 + s_j^2)) / ((s_i^2 + s_j^2) sqrt(2 n2)),
/// where d2 is the squared distance over the n2 compared pixels (`NLPARPixels`: the circular mask,
/// without pixels at or above 0.999 x the scan maximum under saturation protection) and s the
/// per-pattern noise estimate (`NLPARNoiseEstimate`); the pattern itself weighs 1. When the
/// denominator is below 1e-8, D = 1e6 n2. Integer outputs are clipped to the type's range and
/// truncated, as PyEBSDIndex writes them.
///
/// `prepare` makes two passes: the scan maximum, then the noise estimates (and, for an automatic
/// lambda, PyEBSDIndex's `opt_lambda` fit). Then each map tile needs the tile widened by its
/// search windows, 2r + 1 rows and 2r + 2 columns either side at most (`inputs(for:)`); memory is
/// a few tiles per worker plus one float per pattern for the noise estimates.
public final class NonLocalPatternAveraging: PatternDenoiser {
    /// lambda, or nil to fit it to the scan as PyEBSDIndex's `opt_lambda` does.
    public let requestedLambda: Double?
    public let searchRadius: Int
    public let distanceThreshold: Double
    public let saturationProtection: Bool
    /// Compare patterns only inside PyEBSDIndex's circular mask.
    public let masked: Bool
    public let scanPath: String

    /// The lambda in use, once `prepare` has run.
    public private(set) var lambda: Double?
    /// With an automatic lambda: the fitted values for target weights 0.5, 0.34 and 0.25.
    public private(set) var lambdaCandidates: [Double] = []
    /// The noise estimate of each pattern, once `prepare` has run.
    public private(set) var sigma: [Float] = []
    private(set) var scan: ScanDescription?
    private var maximum: Float = 0

    /// - Throws: `KikuchiError.badInput` for a radius below 1 or a lambda that is not positive.
    public init(
        lambda: Double? = 0.7, searchRadius: Int = 3, distanceThreshold: Double = 0,
        saturationProtection: Bool = true, masked: Bool = true, scanPath: String = ""
    ) throws {
        if let lambda, !(lambda.isFinite && lambda > 0) {
            throw KikuchiError.badInput(scanPath, "--lambda must be a positive number or 'auto', not \(lambda)")
        }
        guard searchRadius >= 1 else {
            throw KikuchiError.badInput(scanPath, "--radius must be at least 1 map step, not \(searchRadius)")
        }
        requestedLambda = lambda
        self.searchRadius = searchRadius
        self.distanceThreshold = distanceThreshold
        self.saturationProtection = saturationProtection
        self.masked = masked
        self.scanPath = scanPath
    }

    /// The lambda of the command line's `--lambda L|auto`: nil for `auto`.
    /// - Throws: `KikuchiError.badInput` for anything but a positive number or `auto`.
    public static func lambda(from argument: String) throws -> Double? {
        if argument.lowercased() == "auto" { return nil }
        guard let value = Double(argument), value.isFinite, value > 0 else {
            throw KikuchiError.badInput("", "--lambda must be a positive number or 'auto', not '\(argument)'")
        }
        return value
    }

    /// The map rows the outputs' search windows reach, and the columns within 2r + 2 of theirs
    /// (windows shift at the map's edges, and hex rows sit half a step over).
    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        let window = NLPARSearchWindow(geometry: scan.geometry, count: scan.count)
        let radius = searchRadius
        return scan.geometry.neighbourInputs(
            of: outputs,
            rowsRead: { row in
                let rows = window.searchRows(row, radius: radius)
                return rows.lowerBound...max(rows.upperBound - 1, rows.lowerBound)
            }, columnReach: 2 * radius + 2, count: scan.count)
    }

    public func batchShape(for scan: ScanDescription) -> BatchShape { .mapTiles(for: scan) }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        let scan = reader.scan
        guard scan.count > 0 else {
            self.scan = scan
            lambda = requestedLambda ?? 0.7
            return
        }
        var top = -Float.infinity
        try reader.forEachBatch(size: reader.batchSize()) { start, batch in
            // Integer patterns are read in place; float ones keep Array.max's order with NaN.
            let most = batch.pixelType == .float32 ? batch.floatMatrix().max() : batch.finiteExtremes()?.high
            top = max(top, most ?? top)
            progress("scan maximum", start + batch.count, scan.count)
        }
        maximum = top
        let pixels = NLPARPixels(width: scan.width, height: scan.height, masked: masked)
        let estimate = try NLPARNoiseEstimate.compute(
            reader, pixels: pixels, saturation: saturation(factor: 0.9961),
            keepDistances: requestedLambda == nil, progress: progress)
        sigma = estimate.sigma
        if let requestedLambda {
            lambda = requestedLambda
            lambdaCandidates = []
        } else {
            let fit = NLPARLambdaFit(distances: estimate.neighbourDistances, threshold: distanceThreshold).fit()
            lambda = fit.choice
            lambdaCandidates = fit.candidates
        }
        self.scan = scan
    }

    /// The threshold above which pixels are left out of comparisons: `factor` x the scan maximum,
    /// or none without saturation protection.
    private func saturation(factor: Double) -> Float? {
        saturationProtection ? Float(Double(maximum) * factor) : nil
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan, let lambda else {
            throw KikuchiError.processing(scanPath, "NLPAR used before prepare")
        }
        return NLPARWorker(
            scan: scan, sigma: sigma, lambda: Float(lambda), searchRadius: searchRadius,
            distanceThreshold: Float(distanceThreshold),
            pixels: NLPARPixels(width: scan.width, height: scan.height, masked: masked),
            saturation: saturation(factor: 0.999))
    }
}
