/// Placeholder until the ImageFolder writer lands.
public final class ImageFolderWriter: PatternWriter {
    public let scan: ScanDescription
    public init(path: String, scan: ScanDescription, options: WriteOptions) throws {
        throw KikuchiError.badInput(path, "ImageFolder writing is not built yet")
    }
    public func write(_ batch: PatternBatch, at start: Int) throws {}
    public func finish() throws {}
    public func abort() {}
}
