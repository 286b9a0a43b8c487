import KikuchiCore
import KikuchiIO

/// Neighbour pattern averaging as kikuchipy's `EBSD.average_neighbour_patterns` does it: each
/// pattern becomes the window-weighted sum of itself and its map neighbours
/// (`scipy.ndimage.correlate` with the map extended by zeros), divided by the sum of the weights
/// that fall inside the map, and stretched onto the pixel type's range per pattern (`DtypeRange`).
///
/// Output pattern i needs the map rows within the window's reach of its row; `inputs(for:)` asks
/// for exactly those (and the columns beside a tile's).
public final class NeighbourPatternAveraging: PatternDenoiser {
    public let window: AveragingWindow
    private var scan: ScanDescription?

    public init(window: AveragingWindow) {
        self.window = window
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        scan = reader.scan
    }

    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        let reach = window.rowReach
        // One column more than the window: hex rows sit half a step over.
        return scan.geometry.neighbourInputs(
            of: outputs, rowsRead: { $0 - reach...$0 + reach }, columnReach: window.columnReach + 1, count: scan.count)
    }

    public func batchShape(for scan: ScanDescription) -> BatchShape { .mapTiles(for: scan) }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else { throw KikuchiError.processing("", "neighbour pattern averaging used before prepare") }
        return NeighbourPatternAveragingWorker(window: window, scan: scan)
    }
}
