import KikuchiCore
import KikuchiIO

/// Neighbour pattern averaging as kikuchipy's `EBSD.average_neighbour_patterns` does it: each
/// pattern becomes the window-weighted sum of itself and its map neighbours
/// (`scipy.ndimage.correlate` with the map extended by zeros), divided by the sum of the weights
/// that fall inside the map, and stretched onto the pixel type's range per pattern (`DtypeRange`).
///
/// Output pattern i needs the map rows within the window's reach of its row; `inputs(for:)` asks
/// for exactly those, so a batch of whole rows reads `rows - 1` extra rows.
public final class NeighbourPatternAveraging: PatternDenoiser {
    public let window: AveragingWindow
    private var scan: ScanDescription?

    public init(window: AveragingWindow) {
        self.window = window
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        scan = reader.scan
    }

    public func inputs(for outputs: Range<Int>, of scan: ScanDescription) -> Range<Int> {
        guard !outputs.isEmpty else { return outputs }
        let rows = scan.geometry.rows(of: outputs)
        let reach = window.rowReach
        // One column more than the window: hex rows sit half a step over.
        return scan.geometry.neighbourInputs(
            of: outputs, rows: rows.lowerBound - reach...rows.upperBound + reach,
            columnReach: window.columnReach + 1, count: scan.count)
    }

    /// Whole map rows (at least the window's height) holding about `bytes` of input patterns, or
    /// on a one-row map about `bytes` of patterns (`MapGeometry.neighbourBatchSize`); the driver
    /// may use any size.
    public func preferredBatchSize(for scan: ScanDescription, bytes: Int = 64 << 20) -> Int {
        scan.geometry.neighbourBatchSize(
            patternBytes: scan.bytesPerPattern, bytes: bytes,
            minimumRows: 2 * window.rowReach + 1, minimumColumns: 2 * window.columnReach + 1)
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else { throw KikuchiError.processing("", "neighbour pattern averaging used before prepare") }
        return NeighbourPatternAveragingWorker(window: window, scan: scan)
    }
}
