@testable import KikuchiDenoise
import KikuchiIO
import XCTest

/// The input range NLPAR asks for: every search window of every output inside it, and, for
/// outputs within one map row, only the columns within reach (a one-row map of 40,000 patterns
/// read the whole scan for every batch and took more than 10 minutes).
final class NLPARInputRangeTests: XCTestCase {
    private func check(_ geometry: MapGeometry, radius: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let scan = ScanDescription(width: 4, height: 4, count: geometry.patternCount, pixelType: .uint8, geometry: geometry)
        let nlpar = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: radius)
        let window = NLPARSearchWindow(geometry: geometry, count: scan.count)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let start = Int.random(in: 0 ..< scan.count, using: &random)
            let end = Int.random(in: start + 1 ... min(scan.count, start + 40), using: &random)
            let inputs = nlpar.inputs(for: start ..< end, of: scan)
            for index in start ..< end {
                let (row, column) = geometry.position(of: index)
                for neighbour in window.searchWindow(row: row, column: column, radius: radius) {
                    XCTAssertTrue(inputs.contains(neighbour), "\(geometry): outputs \(start)..<\(end) need \(neighbour), inputs \(inputs)",
                                  file: file, line: line)
                }
            }
        }
    }

    func testEverySearchWindowLiesInTheInputs() throws {
        try check(MapGeometry(columns: 1000, rows: 1), radius: 3)
        try check(MapGeometry(columns: 9, rows: 7), radius: 3)
        try check(MapGeometry(columns: 30, rows: 4), radius: 2)
        var hex = MapGeometry(columns: 12, rows: 9)
        hex.grid = .hex
        try check(hex, radius: 3)
    }

    func testALongRowIsNotReadWhole() throws {
        let geometry = MapGeometry(columns: 40_000, rows: 1)
        let scan = ScanDescription(width: 4, height: 4, count: 40_000, pixelType: .uint8, geometry: geometry)
        let inputs = try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3).inputs(for: 20_000 ..< 20_100, of: scan)
        XCTAssertEqual(inputs, 19_992 ..< 20_108)
    }
}
