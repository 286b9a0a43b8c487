/// Which pattern indices a writer has written, as merged half-open ranges, so that `finish()`
/// can refuse an incomplete output whatever order the ranges arrived in.
public struct WrittenRanges: Equatable, Sendable {
    public private(set) var ranges: [Range<Int>] = []

    public init() {}

    /// Records `range` as written.
    public mutating func insert(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var merged = range
        var kept: [Range<Int>] = []
        for existing in ranges {
            if existing.upperBound < merged.lowerBound || existing.lowerBound > merged.upperBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The first index in `0..<count` not yet written, or nil when all are.
    public func firstMissing(below count: Int) -> Int? {
        var next = 0
        for range in ranges {
            if range.lowerBound > next { break }
            next = max(next, range.upperBound)
        }
        return next < count ? next : nil
    }
}
