/// Reads the patterns of a scan by index, in bounded memory whatever the scan size.
///
/// Implementations read only what is asked for: `read(_:)` of a small range touches only
/// those patterns' bytes on disk.
public protocol PatternReader: AnyObject {
    /// The scan's size, pixel type, geometry and header facts.
    var scan: ScanDescription { get }
    /// Patterns `range` (a subrange of `0..<scan.count`), in scan order.
    func read(_ range: Range<Int>) throws -> PatternBatch
}

extension PatternReader {
    /// One pattern.
    public func read(_ index: Int) throws -> PatternBatch {
        try read(index..<index + 1)
    }

    /// Calls `body` with consecutive batches of at most `batchSize` patterns covering `range`.
    public func forEachBatch(
        in range: Range<Int>? = nil, size batchSize: Int,
        _ body: (Int, PatternBatch) throws -> Void
    ) throws {
        let all = range ?? 0..<scan.count
        var start = all.lowerBound
        while start < all.upperBound {
            let end = min(start + max(batchSize, 1), all.upperBound)
            try body(start, try read(start..<end))
            start = end
        }
    }

    /// A batch size that keeps about `bytes` of patterns in memory (at least one pattern).
    public func batchSize(forBytes bytes: Int = 32 << 20) -> Int {
        max(1, bytes / max(scan.bytesPerPattern, 1))
    }
}
