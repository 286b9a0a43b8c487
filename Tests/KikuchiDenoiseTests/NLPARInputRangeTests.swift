import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The input ranges the neighbour methods ask for: every search window (NLPAR) and window tap
/// (NPA) of every output inside it, and, for outputs within one map row, only the columns within
/// reach (a one-row map of 40,000 patterns read the whole scan for every batch and took more than
/// 10 minutes).
final class NLPARInputRangeTests: XCTestCase {
    private var geometries: [MapGeometry] {
        var hex = MapGeometry(columns: 12, rows: 9)
        hex.grid = .hex
        return [MapGeometry(columns: 1000, rows: 1), MapGeometry(columns: 9, rows: 7), MapGeometry(columns: 30, rows: 4), hex]
    }

    private func randomRanges(count: Int) -> [Range<Int>] {
        var random = SystemRandomNumberGenerator()
        return (0..<300).map { _ in
            let start = Int.random(in: 0..<count, using: &random)
            return start..<Int.random(in: start + 1...min(count, start + 40), using: &random)
        }
    }

    func testEveryNeighbourAveragingTapLiesInTheInputs() throws {
        for geometry in geometries {
            for size in ["3x3", "5x5", "7x3"] {
                let window = try AveragingWindow(kernel: .circular, size: size)
                let npa = NeighbourPatternAveraging(window: window)
                let scan = ScanDescription(width: 4, height: 4, count: geometry.patternCount, pixelType: .uint8, geometry: geometry)
                for outputs in randomRanges(count: scan.count) {
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
        for outputs in randomRanges(count: scan.count) {
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
        let inputs = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3).inputs(for: 20_000..<20_100, of: scan)
        XCTAssertEqual(inputs, 19_992..<20_108)
        let npa = NeighbourPatternAveraging(window: try AveragingWindow(kernel: .circular, size: "3x3"))
        XCTAssertEqual(npa.inputs(for: 20_000..<20_100, of: scan), 19_998..<20_102)
    }

    /// A one-row map is not one batch: 40,000 patterns of 120 x 120 (2.3 GB as floats) go in
    /// batches of about 64 MiB; a map of many rows still goes by whole rows.
    func testALongRowIsCutIntoBatchesOfBoundedSize() throws {
        let row = ScanDescription(
            width: 120, height: 120, count: 40_000, pixelType: .uint16,
            geometry: MapGeometry(columns: 40_000, rows: 1))
        let nlpar = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3)
        let npa = NeighbourPatternAveraging(window: try AveragingWindow(kernel: .circular, size: "3x3"))
        XCTAssertEqual(nlpar.preferredBatchSize(for: row), (64 << 20) / (120 * 120 * 4))
        XCTAssertEqual(npa.preferredBatchSize(for: row), (64 << 20) / (120 * 120 * 2))
        let map = ScanDescription(
            width: 120, height: 120, count: 20_000, pixelType: .uint16,
            geometry: MapGeometry(columns: 200, rows: 100))
        XCTAssertEqual(nlpar.preferredBatchSize(for: map) % 200, 0)
        XCTAssertEqual(npa.preferredBatchSize(for: map) % 200, 0)
    }
}
