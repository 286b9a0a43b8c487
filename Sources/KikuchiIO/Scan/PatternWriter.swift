/// Writes the patterns of a scan, by index, to a temporary location that becomes the final
/// output only when `finish()` succeeds.
///
/// Patterns may come in any order (shards and resumed runs write ranges); `finish()` checks
/// nothing is missing where the format cannot tell, and renames into place. A writer that is
/// released or `abort()`ed without `finish()` leaves nothing under the final name.
public protocol PatternWriter: AnyObject {
    /// The scan being written.
    var scan: ScanDescription { get }
    /// Writes `batch` as patterns `start ..< start + batch.count`.
    func write(_ batch: PatternBatch, at start: Int) throws
    /// Completes the file and moves it to its final name.
    func finish() throws
    /// Removes whatever was written.
    func abort()
}
