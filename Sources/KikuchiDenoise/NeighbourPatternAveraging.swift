import KikuchiIO

/// Neighbour pattern averaging as kikuchipy's `EBSD.average_neighbour_patterns` does it: each
/// pattern becomes the window-weighted sum of itself and its map neighbours
/// (`scipy.ndimage.correlate` with the map extended by zeros), divided by the sum of the weights
/// that fall inside the map, and stretched onto the pixel type's range per pattern (`DtypeRange`).
///
/// Output pattern i needs the map rows within the window's reach of its row; `inputs(for:)` asks
/// for exactly those, so a batch of whole rows reads `rows - 1` extra rows.
public final class NeighbourPatternAveraging: PatternDenoiser {
    public let window: NeighbourWindow
    private var scan: ScanDescription?

    public init(window: NeighbourWindow) {
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
        return scan.geometry.neighbourInputs(of: outputs, rows: rows.lowerBound - reach ... rows.upperBound + reach,
                                             columnReach: window.columnReach + 1, count: scan.count)
    }

    /// A batch size of whole map rows holding about `bytes` of input patterns, which keeps the
    /// extra rows read per batch small; the driver may use any size. A map of one row is cut
    /// into pieces of about `bytes`, since its batches read only the columns within reach.
    public func preferredBatchSize(for scan: ScanDescription, bytes: Int = 64 << 20) -> Int {
        let patternBytes = max(scan.bytesPerPattern, 1)
        if scan.geometry.rows == 1 { return max(bytes / patternBytes, 2 * window.columnReach + 1) }
        let rowBytes = scan.geometry.columns * patternBytes
        let rows = max(bytes / rowBytes, 2 * window.rowReach + 1)
        return max(rows * scan.geometry.columns, 1)
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else { throw KikuchiError.processing("", "neighbour pattern averaging used before prepare") }
        return NeighbourAveragingWorker(window: window, scan: scan)
    }
}
