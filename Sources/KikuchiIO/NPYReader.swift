/// Placeholder until the NPY reader lands.
public final class NPYReader: PatternReader {
    public let scan: ScanDescription
    public init(path: String, options: ReadOptions) throws {
        throw KikuchiError.badInput(path, "NPY reading is not built yet")
    }
    public func read(_ range: Range<Int>) throws -> PatternBatch { fatalError("unreachable") }
}
