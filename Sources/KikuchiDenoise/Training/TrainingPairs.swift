import KikuchiCore
import KikuchiIO
import KikuchiNN

/// The noisy and clean scans of a training set, read pattern by pattern on demand (memory stays
/// bounded whatever the scan size), with pixel values scaled to [0, 1] by the pixel type's range:
/// uint8 / 255, uint16 / 65535, float32 as stored (taken to be in [0, 1] already).
public final class TrainingPairs: TrainingSource {
    public let noisyPath: String
    public let cleanPath: String
    private let noisy: PatternReader
    private let clean: PatternReader
    public var count: Int { noisy.scan.count }
    public var height: Int { noisy.scan.height }
    public var width: Int { noisy.scan.width }
    public var inputChannels: Int { 1 }

    /// Opens both scans (any kind ScanIO reads) and checks that they hold as many patterns of the
    /// same size.
    public init(noisy noisyPath: String, clean cleanPath: String, options: ReadOptions = ReadOptions()) throws {
        self.noisyPath = noisyPath
        self.cleanPath = cleanPath
        noisy = try ScanIO.openReader(noisyPath, options: options)
        clean = try ScanIO.openReader(cleanPath, options: options)
        let a = noisy.scan, b = clean.scan
        guard a.count == b.count else {
            throw KikuchiError.badInput(
                cleanPath, "holds \(b.count) patterns, the noisy scan \(noisyPath) \(a.count); training needs one clean pattern per noisy one")
        }
        guard a.width == b.width, a.height == b.height else {
            throw KikuchiError.badInput(cleanPath, "patterns are \(b.width)x\(b.height), the noisy scan's \(a.width)x\(a.height); they must be the same size")
        }
        guard a.count > 0 else {
            throw KikuchiError.badInput(noisyPath, "holds no patterns")
        }
    }

    /// Pattern `index` of both scans, scaled to [0, 1], height x width values each.
    public func pair(_ index: Int) throws -> (noisy: [Float], clean: [Float]) {
        (try TrainingPairs.scaled(noisy.read(index)), try TrainingPairs.scaled(clean.read(index)))
    }

    private static func scaled(_ batch: PatternBatch) -> [Float] {
        let values = batch.floats(of: 0)
        guard batch.pixelType.isInteger else { return values }
        let range = Float(batch.pixelType.maximum)
        return values.map { $0 / range }
    }
}
