import KikuchiCore
import KikuchiIO
import KikuchiImage

/// Dynamic background correction as kikuchipy's `EBSD.remove_dynamic_background(filter_domain="spatial")`
/// does it: each pattern's background is the pattern itself blurred with a Gaussian
/// (`scipy.ndimage.gaussian_filter(p, sigma, truncate=4)`, reproduced by `GaussianBlur`), taken out
/// by subtraction or division, and the result stretched onto the pixel type's range.
///
/// sigma defaults to kikuchipy's `std = width / 8`. (kikuchipy's default `filter_domain="frequency"`
/// convolves with a Gaussian window of side `int(truncate * std)` through an FFT; its result
/// differs slightly near the pattern edges.)
public final class DynamicBackgroundCorrection: PatternDenoiser {
    /// The Gaussian's standard deviation in pixels; nil for width / 8.
    public let sigma: Double?
    public let truncate: Double
    public let removal: BackgroundRemoval
    public let scanPath: String
    private var blur: GaussianBlur?
    private var size: (width: Int, height: Int) = (0, 0)
    private var pixelType: PixelType = .uint8
    private var relativeRange: (low: Float, high: Float)?

    /// - Throws: `KikuchiError.badInput` for a sigma that is not a positive finite number.
    public init(
        sigma: Double? = nil, truncate: Double = 4, removal: BackgroundRemoval = BackgroundRemoval(),
        scanPath: String = ""
    ) throws {
        if let sigma, !(sigma.isFinite && sigma > 0) {
            throw KikuchiError.badInput(scanPath, "--sigma must be a positive number of pixels, not \(sigma)")
        }
        self.sigma = sigma
        self.truncate = truncate
        self.removal = removal
        self.scanPath = scanPath
    }

    /// The sigma used for a scan of patterns `width` pixels wide.
    public func effectiveSigma(width: Int) -> Double { sigma ?? Double(width) / 8 }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        let scan = reader.scan
        do {
            blur = try GaussianBlur(sigma: effectiveSigma(width: scan.width), truncate: truncate)
        } catch let error as ImageOpsError {
            throw KikuchiError.badInput(scanPath, error.description)
        }
        size = (scan.width, scan.height)
        pixelType = scan.pixelType
        relativeRange = nil
        if removal.keepRelativeIntensities {
            relativeRange = try removal.scanExtremes(reader, background: try backgroundFunction(), progress: progress)
        }
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        removal.makeWorker(range: DtypeRange(pixelType), relativeRange: relativeRange, background: try backgroundFunction())
    }

    /// The blurred copy of a pattern, with its own buffer (one per worker).
    private func backgroundFunction() throws -> ([Float]) -> [Float] {
        guard let blur else { throw KikuchiError.processing(scanPath, "dynamic background correction used before prepare") }
        let (width, height) = size
        var target = try Image<Float>(width: width, height: height)
        return { pattern in
            // The pattern size was checked when `target` was made; every pattern of the scan has it.
            let image = try! Image<Float>(width: width, height: height, pixels: pattern)
            blur.apply(image, into: &target)
            return target.pixels
        }
    }
}
