/// Placeholder until the EDAXBinary reader lands.
public final class EDAXBinaryReader: PatternReader {
    public let scan: ScanDescription
    public init(path: String, options: ReadOptions) throws {
        throw KikuchiError.badInput(path, "EDAXBinary reading is not built yet")
    }
    public func read(_ range: Range<Int>) throws -> PatternBatch { fatalError("unreachable") }
}
