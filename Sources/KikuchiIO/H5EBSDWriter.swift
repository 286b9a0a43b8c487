/// Placeholder until the H5EBSD writer lands.
public final class H5EBSDWriter: PatternWriter {
    public let scan: ScanDescription
    public init(path: String, scan: ScanDescription, options: WriteOptions) throws {
        throw KikuchiError.badInput(path, "H5EBSD writing is not built yet")
    }
    public func write(_ batch: PatternBatch, at start: Int) throws {}
    public func finish() throws {}
    public func abort() {}
}
