/// Whole-scan figures gathered in one streaming pass.
public enum ScanStatistics {
    /// The smallest and largest finite pixel value of the scan, read in bounded batches ((0, 0)
    /// when none is finite).
    public static func valueRange(of reader: PatternReader, progress: ((Int) -> Void)? = nil) throws -> (low: Double, high: Double) {
        var low = Float.infinity, high = -Float.infinity
        try reader.forEachBatch(size: reader.batchSize()) { start, batch in
            if let extremes = batch.finiteExtremes() {
                low = min(low, extremes.low)
                high = max(high, extremes.high)
            }
            progress?(start + batch.count)
        }
        return low <= high ? (Double(low), Double(high)) : (0, 0)
    }
}
