/// Whole-scan figures gathered in one streaming pass.
public enum ScanStatistics {
    /// The smallest and largest finite pixel value of the scan, read in bounded batches ((0, 0)
    /// when none is finite).
    public static func valueRange(of reader: PatternReader, progress: ((Int) -> Void)? = nil) throws -> (low: Double, high: Double) {
        var low = Float.infinity, high = -Float.infinity
        try reader.forEachBatch(size: reader.batchSize()) { start, batch in
            for index in 0..<batch.count {
                for value in batch.floats(of: index) where value.isFinite {
                    low = min(low, value)
                    high = max(high, value)
                }
            }
            progress?(start + batch.count)
        }
        return low <= high ? (Double(low), Double(high)) : (0, 0)
    }
}
