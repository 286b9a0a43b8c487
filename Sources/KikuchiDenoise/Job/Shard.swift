/// One of `count` equal parts of a scan, numbered from 1, for cluster job arrays: shard `index`
/// holds patterns `total * (index - 1) / count ..< total * index / count`, so the parts are
/// contiguous, cover the scan and differ in size by at most one pattern.
public struct Shard: Equatable, Sendable {
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The whole scan as one part.
    public static let whole = Shard(index: 1, count: 1)!

    /// The patterns of this shard in a scan of `total` patterns.
    public func range(of total: Int) -> Range<Int> {
        total * (index - 1) / count..<total * index / count
    }
}
