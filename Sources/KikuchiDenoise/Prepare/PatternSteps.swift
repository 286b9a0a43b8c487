import KikuchiCore
import KikuchiIO
import KikuchiImage

/// CLAHE settings as the command line gives them: `CLIP[,TILES]`.
public struct CLAHESettings: Equatable, Sendable {
    public var clipLimit: Double
    public var tiles: Int
    /// Histogram bins for 16-bit patterns: 65536 is OpenCV's own 16-bit CLAHE, whose clip limit
    /// (clipLimit x tileArea / 65536, at least 1) barely enhances anything; 256 behaves like 8-bit
    /// CLAHE on the 16-bit values.
    public var bins16: Int

    public init(clipLimit: Double, tiles: Int = 8, bins16: Int = 65536) {
        self.clipLimit = clipLimit
        self.tiles = tiles
        self.bins16 = bins16
    }
}

/// The pattern operations a conversion may apply, in this order: resize (OpenCV's `INTER_LINEAR`
/// by default, as the published pipeline's `cv2.resize`, or `INTER_AREA`), then CLAHE, each in
/// the pattern's own pixel type, as OpenCV applies them to 8-bit and 16-bit images.
public struct PatternSteps {
    public var resize: (width: Int, height: Int)?
    public var interpolation: ResizePlan.Interpolation
    public var clahe: CLAHESettings?

    public init(
        resize: (width: Int, height: Int)? = nil, interpolation: ResizePlan.Interpolation = .linear,
        clahe: CLAHESettings? = nil
    ) {
        self.resize = resize
        self.interpolation = interpolation
        self.clahe = clahe
    }

    public var isEmpty: Bool { resize == nil && clahe == nil }

    /// The pattern size after the steps.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        resize ?? (width, height)
    }

    /// A function applying the steps to batches of `scan`'s patterns; the settings are checked here,
    /// once, so a bad `--clahe` or `--resize` fails before any output is written.
    public func makeTransform(for scan: ScanDescription, path: String) throws -> (PatternBatch) throws -> PatternBatch {
        let size = outputSize(width: scan.width, height: scan.height)
        do {
            let plan = try resize.map {
                try ResizePlan(
                    sourceWidth: scan.width, sourceHeight: scan.height, targetWidth: $0.width,
                    targetHeight: $0.height, interpolation: interpolation)
            }
            let equalizer = try clahe.map { try CLAHE(clipLimit: $0.clipLimit, tiles: $0.tiles) }
            if equalizer != nil && scan.pixelType == .float32 {
                throw KikuchiError.badInput(path, "CLAHE needs 8- or 16-bit patterns; this scan is float32 (convert with --depth first)")
            }
            let bins = clahe?.bins16 ?? 65536
            if equalizer != nil && scan.pixelType == .uint16 && (bins < 2 || bins > 65536 || bins & (bins - 1) != 0) {
                throw KikuchiError.badInput(path, "CLAHE bins for 16-bit patterns must be a power of two from 2 to 65536, not \(bins)")
            }
            return { batch in
                var out = PatternBatch(width: size.width, height: size.height, pixelType: batch.pixelType, count: batch.count)
                for index in 0..<batch.count {
                    switch batch.pixelType {
                    case .uint8:
                        var image = try Image<UInt8>(width: batch.width, height: batch.height, pixels: batch.pixels(of: index, as: UInt8.self))
                        if let plan { image = try plan.apply(image) }
                        if let equalizer { image = equalizer.apply(image) }
                        out.setPixels(index, image.pixels)
                    case .uint16:
                        var image = try Image<UInt16>(width: batch.width, height: batch.height, pixels: batch.pixels(of: index, as: UInt16.self))
                        if let plan { image = try plan.apply(image) }
                        if let equalizer { image = try equalizer.apply(image, bins: bins) }
                        out.setPixels(index, image.pixels)
                    case .float32:
                        var image = try Image<Float>(width: batch.width, height: batch.height, pixels: batch.pixels(of: index, as: Float.self))
                        if let plan { image = try plan.apply(image) }
                        out.setPixels(index, image.pixels)
                    }
                }
                return out
            }
        } catch let error as ImageOpsError {
            throw KikuchiError.badInput(path, error.description)
        }
    }
}
