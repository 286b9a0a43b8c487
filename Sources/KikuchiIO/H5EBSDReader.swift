/// Placeholder until the H5EBSD reader lands.
public final class H5EBSDReader: PatternReader {
    public let scan: ScanDescription
    public init(path: String, options: ReadOptions) throws {
        throw KikuchiError.badInput(path, "H5EBSD reading is not built yet")
    }
    public func read(_ range: Range<Int>) throws -> PatternBatch { fatalError("unreachable") }
}
