/// Patterns `range` of another reader as a scan of their own: a shard's part of a scan. Its map is
/// one row of `range.count` positions; the part's place in the whole map is the caller's to keep.
public final class PatternRangeReader: PatternReader {
    public let base: PatternReader
    public let range: Range<Int>
    public let scan: ScanDescription

    public init(_ base: PatternReader, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= base.scan.count, "the range lies inside the scan")
        self.base = base
        self.range = range
        var scan = base.scan
        scan.count = range.count
        scan.geometry = MapGeometry(columns: max(range.count, 1), rows: 1, stepX: base.scan.geometry.stepX, stepY: base.scan.geometry.stepY)
        self.scan = scan
    }

    public func read(_ part: Range<Int>) throws -> PatternBatch {
        try base.read(part.lowerBound + range.lowerBound..<part.upperBound + range.lowerBound)
    }
}
