import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The inputs the neighbour methods ask for: every search window (NLPAR) and window tap (NPA) of
/// every output inside them, for runs of outputs and for map tiles, and, for outputs within one
/// map row, only the columns within reach (a one-row map of 40,000 patterns read the whole scan
/// for every batch and took more than 10 minutes). And the tiles themselves: every pattern once,
/// and what a tile reads bounded whatever the map's width.
final class NLPARInputRangeTests: XCTestCase {
    private var geometries: [MapGeometry] {
        var hex = MapGeometry(columns: 12, rows: 9)
        hex.grid = .hex
        return [MapGeometry(columns: 1000, rows: 1), MapGeometry(columns: 9, rows: 7), MapGeometry(columns: 30, rows: 4), hex]
    }

    /// Random runs of outputs, and the map's tiles of a few sizes.
    private func randomOutputs(_ geometry: MapGeometry, count: Int) -> [ScanSelection] {
        var random = SystemRandomNumberGenerator()
        let runs = (0..<300).map { _ in
            let start = Int.random(in: 0..<count, using: &random)
            return ScanSelection(start..<Int.random(in: start + 1...min(count, start + 40), using: &random))
        }
        return runs + [1, 4, 9, 30].flatMap { geometry.tiles(ofAbout: $0, count: count) }
    }

    func testEveryNeighbourAveragingTapLiesInTheInputs() throws {
        for geometry in geometries {
            for size in ["3x3", "5x5", "7x3"] {
                let window = try AveragingWindow(kernel: .circular, size: size)
                let npa = NeighbourPatternAveraging(window: window)
                let scan = ScanDescription(width: 4, height: 4, count: geometry.patternCount, pixelType: .uint8, geometry: geometry)
                for outputs in randomOutputs(geometry, count: scan.count) {
                    let inputs = npa.inputs(for: outputs, of: scan)
                    for index in outputs {
                        let (row, column) = geometry.position(of: index)
                        for tap in window.taps(centreRow: row, in: geometry) {
                            guard
                                let neighbour = geometry.index(
                                    row: row + tap.rowOffset, column: column + tap.columnOffset,
                                    count: scan.count)
                            else { continue }
                            XCTAssertTrue(inputs.contains(neighbour), "\(geometry) \(size): \(outputs) needs \(neighbour), got \(inputs)")
                        }
                    }
                }
            }
        }
    }

    private func check(_ geometry: MapGeometry, radius: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let scan = ScanDescription(width: 4, height: 4, count: geometry.patternCount, pixelType: .uint8, geometry: geometry)
        let nlpar = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: radius)
        let window = NLPARSearchWindow(geometry: geometry, count: scan.count)
        for outputs in randomOutputs(geometry, count: scan.count) {
            let inputs = nlpar.inputs(for: outputs, of: scan)
            for index in outputs {
                let (row, column) = geometry.position(of: index)
                for neighbour in window.searchWindow(row: row, column: column, radius: radius) {
                    XCTAssertTrue(
                        inputs.contains(neighbour), "\(geometry): outputs \(outputs) need \(neighbour), inputs \(inputs)",
                        file: file, line: line)
                }
            }
        }
    }

    func testEverySearchWindowLiesInTheInputs() throws {
        for geometry in geometries {
            for radius in [1, 3] { try check(geometry, radius: radius) }
        }
    }

    func testALongRowIsNotReadWhole() throws {
        let geometry = MapGeometry(columns: 40_000, rows: 1)
        let scan = ScanDescription(width: 4, height: 4, count: 40_000, pixelType: .uint8, geometry: geometry)
        let inputs = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3).inputs(for: ScanSelection(20_000..<20_100), of: scan)
        XCTAssertEqual(inputs, ScanSelection(19_992..<20_108))
        let npa = NeighbourPatternAveraging(window: try AveragingWindow(kernel: .circular, size: "3x3"))
        XCTAssertEqual(npa.inputs(for: ScanSelection(20_000..<20_100), of: scan), ScanSelection(19_998..<20_102))
    }

    /// The driver sees each method's own shape through the protocol (the shape of the neighbour
    /// methods once hid behind a default, and every batch was 64 patterns that read 7 whole rows).
    func testTheNeighbourMethodsAreCutIntoMapTiles() throws {
        let scan = ScanDescription(
            width: 60, height: 60, count: 20_000, pixelType: .uint16, geometry: MapGeometry(columns: 200, rows: 100))
        let methods: [PatternDenoiser] = [
            try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3), try RegionAveraging(radius: 3),
            NeighbourPatternAveraging(window: try AveragingWindow(kernel: .circular, size: "3x3"))
        ]
        for method in methods {
            XCTAssertEqual(method.batchShape(for: scan), .tiles((16 << 20) / (60 * 60 * 4)), "\(type(of: method))")
        }
    }

    /// Tiles hold every pattern once, on square and hex maps and maps whose last row is short;
    /// a narrow map is cut into whole rows.
    func testTilesCoverTheMapOnce() {
        var hex = MapGeometry(columns: 50, rows: 21)
        hex.grid = .hex
        for (geometry, count) in [
            (MapGeometry(columns: 50, rows: 21), 1_050), (MapGeometry(columns: 50, rows: 21), 1_031), (hex, hex.patternCount),
            (MapGeometry(columns: 700, rows: 1), 700)
        ] {
            for size in [1, 7, 64, 300, 5_000] {
                let tiles = geometry.tiles(ofAbout: size, count: count)
                XCTAssertEqual(tiles.flatMap { Array($0) }.sorted(), Array(0..<count), "\(geometry) \(count) \(size)")
                XCTAssertLessThanOrEqual(tiles.map(\.count).max() ?? 0, max(size, 1) * 2, "\(geometry) \(size)")
            }
        }
        let narrow = MapGeometry(columns: 20, rows: 100).tiles(ofAbout: 100, count: 2_000)
        XCTAssertEqual(narrow.first, ScanSelection(0..<100))
    }

    /// What one tile reads does not grow with the map's width: 60 x 60 patterns, maps of 200 to
    /// 4,000 columns.
    func testWhatATileReadsIsBoundedWhateverTheWidth() throws {
        let nlpar = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3)
        var largest: [Int] = []
        for columns in [200, 1_000, 4_000] {
            let scan = ScanDescription(
                width: 60, height: 60, count: columns * 30, pixelType: .uint16, geometry: MapGeometry(columns: columns, rows: 30))
            guard case .tiles(let size) = nlpar.batchShape(for: scan) else { return XCTFail("not tiled") }
            largest.append(scan.geometry.tiles(ofAbout: size, count: scan.count).map { nlpar.inputs(for: $0, of: scan).count }.max() ?? 0)
        }
        XCTAssertEqual(largest[1], largest[2])
        XCTAssertLessThan(largest[2], 3 * ((16 << 20) / (60 * 60 * 4)))
    }
}
