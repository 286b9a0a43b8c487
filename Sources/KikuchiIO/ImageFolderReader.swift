/// Placeholder until the ImageFolder reader lands.
public final class ImageFolderReader: PatternReader {
    public let scan: ScanDescription
    public let sidecar: ScanSidecar? = nil
    public init(path: String, options: ReadOptions) throws {
        throw KikuchiError.badInput(path, "ImageFolder reading is not built yet")
    }
    public func read(_ range: Range<Int>) throws -> PatternBatch { fatalError("unreachable") }
}
