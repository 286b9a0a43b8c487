import KikuchiCore
import KikuchiIO

/// Static background correction as kikuchipy's `EBSD.remove_static_background` does it: each
/// pattern, as float32, minus (or divided by) one background pattern for the whole scan, then
/// stretched onto the pixel type's range (`DtypeRange`).
///
/// The background comes from a file, the h5ebsd header or the scan's own mean (`StaticBackgroundSource`);
/// it is loaded (and, for the mean, computed in one streamed pass) in `prepare`.
public final class StaticBackgroundCorrection: PatternDenoiser {
    public let source: StaticBackgroundSource
    public let removal: BackgroundRemoval
    /// The scan's path, named in messages about it.
    public let scanPath: String
    /// The background in use, once `prepare` has run.
    public private(set) var background: [Float]?
    private var pixelType: PixelType = .uint8
    private var relativeRange: (low: Float, high: Float)?

    public init(
        source: StaticBackgroundSource = .automatic, removal: BackgroundRemoval = BackgroundRemoval(),
        scanPath: String = ""
    ) {
        self.source = source
        self.removal = removal
        self.scanPath = scanPath
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        let values = try source.load(for: reader, scanPath: scanPath, progress: progress)
        if removal.operation == .divide && values.allSatisfy({ $0 == 0 }) {
            throw KikuchiError.badInput(scanPath, "the static background is zero everywhere; it cannot divide the patterns")
        }
        background = values
        pixelType = reader.scan.pixelType
        relativeRange = nil
        if removal.keepRelativeIntensities {
            relativeRange = try removal.scanExtremes(reader, background: { _ in values }, progress: progress)
        }
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let background else {
            throw KikuchiError.processing(scanPath, "static background correction used before prepare")
        }
        return removal.makeWorker(range: DtypeRange(pixelType), relativeRange: relativeRange, background: { _ in background })
    }
}
