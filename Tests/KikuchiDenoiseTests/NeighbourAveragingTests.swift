import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

@testable import KikuchiDenoise

/// Neighbour pattern averaging against kikuchipy 0.13's `average_neighbour_patterns`.
final class NeighbourAveragingTests: XCTestCase {
    private typealias F = ClassicFixtures

    func testCircularThreeByThreeEqualsKikuchipy() throws {
        let out = try F.run(NeighbourPatternAveraging(window: try AveragingWindow()))
        try F.assertMatches(out, "npa_circular_3x3_uint8.npy", minimumNCC: 0.999)
        XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(out), try F.load("npa_circular_3x3_uint8.npy")), 1)
    }

    func testRectangularFiveColumnsByThreeRows() throws {
        let window = try AveragingWindow(kernel: .rectangular, columns: 5, rows: 3)
        try F.assertMatches(try F.run(NeighbourPatternAveraging(window: window)), "npa_rectangular_5x3_uint8.npy", minimumNCC: 0.999)
    }

    func testGaussianFiveByFive() throws {
        let window = try AveragingWindow(kernel: .gaussian, columns: 5, rows: 5, sigma: 1.5)
        try F.assertMatches(try F.run(NeighbourPatternAveraging(window: window), batchSize: 7), "npa_gaussian_5x5_sigma1.5_uint8.npy", minimumNCC: 0.999)
    }

    func testSixteenBitCircularFiveByFive() throws {
        let window = try AveragingWindow(columns: 5, rows: 5)
        try F.assertMatches(try F.run(NeighbourPatternAveraging(window: window), on: "scan_uint16.npy"), "npa_circular_5x5_uint16.npy", minimumNCC: 0.999)
    }

    func testInputsAreTheRowsWithinReach() throws {
        let npa = NeighbourPatternAveraging(window: try AveragingWindow(columns: 3, rows: 5))
        let scan = ScanDescription(width: 4, height: 4, count: 72, pixelType: .uint8, geometry: F.square)
        XCTAssertEqual(npa.inputs(for: ScanSelection(0..<9), of: scan), ScanSelection(0..<27))  // row 0 needs rows 0...2
        XCTAssertEqual(npa.inputs(for: ScanSelection(30..<40), of: scan), ScanSelection(9..<63))  // rows 3...4 need rows 1...6
        // Outputs in one row: in each row within reach, only from two columns before the first
        // (the window's one, and one for hex rows) to two after the last: rows 5...7 (the last),
        // columns 3...8.
        XCTAssertEqual(npa.inputs(for: ScanSelection(68..<70), of: scan), ScanSelection(runs: [48..<54, 57..<63, 66..<72]))
    }

    func testHexWindowHoldsTheSixNearestNeighbours() throws {
        let hex = MapGeometry(columns: 5, rows: 4, grid: .hex)
        for kernel in [AveragingWindow.Kernel.circular, .rectangular] {
            let window = try AveragingWindow(kernel: kernel)
            for centre in [0, 2] {  // the worker takes the even-row taps from row 0, whose row above is outside the map
                let even = window.taps(centreRow: centre, in: hex).map { [$0.rowOffset, $0.columnOffset] }
                XCTAssertEqual(Set(even), [[0, 0], [0, -1], [0, 1], [-1, -1], [-1, 0], [1, -1], [1, 0]])
            }
            let odd = window.taps(centreRow: 1, in: hex).map { [$0.rowOffset, $0.columnOffset] }
            XCTAssertEqual(Set(odd), [[0, 0], [0, -1], [0, 1], [-1, 0], [-1, 1], [1, 0], [1, 1]])
        }
        // Hex index arithmetic is the inverse of MapGeometry.position(of:).
        for index in 0..<hex.patternCount {
            let (row, column) = hex.position(of: index)
            XCTAssertEqual(hex.index(row: row, column: column, count: hex.patternCount), index)
        }
    }

    func testHexAveragingIsTheMeanOfTheNeighboursThenStretched() throws {
        // 3 rows of a hex map: 3, 2, 3 patterns; pattern k is [k, 0, 6].
        let hex = MapGeometry(columns: 3, rows: 3, grid: .hex)
        var batch = PatternBatch(width: 3, height: 1, pixelType: .float32, count: 8)
        for k in 0..<8 { batch.setPattern(k, from: [Float(k), 0, 6]) }
        let reader = MemoryScanReader(batch, geometry: hex)
        let writer = MemoryScanWriter(scan: reader.scan)
        let npa = NeighbourPatternAveraging(window: try AveragingWindow())
        try DenoiseJob(denoiser: npa, batchSize: 3).run(from: reader, to: writer)
        // Centre of row 1 (index 3, position (1, 0)) has neighbours 0, 1 (row 0), 4 (row 1), 5, 6 (row 2):
        // mean [19 / 6, 0, 6], stretched from 0...6 onto -1...1: [1 / 18, -1, 1].
        let out = writer.patterns.floats(of: 3)
        XCTAssertEqual(out[0], 1 / 18, accuracy: 1e-6)
        XCTAssertEqual(Array(out[1...]), [-1, 1])
        // Index 6, position (2, 1) on an even row: neighbours 5, 7 (row 2) and 3, 4 (row 1, half a step
        // either side): mean of pixel 0 = (6 + 5 + 7 + 3 + 4) / 5 = 5, stretched: 5 / 6 * 2 - 1 = 2 / 3.
        XCTAssertEqual(writer.patterns.floats(of: 6)[0], 2 / 3, accuracy: 1e-6)
    }

    func testEvenOrEmptyWindowsAreRefused() {
        XCTAssertThrowsError(try AveragingWindow(columns: 4, rows: 3)) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("", "--window must be odd in both directions (3x3, 5x5, 3x5, ...), not 4x3"))
        }
        XCTAssertThrowsError(try AveragingWindow(columns: 3, rows: 0))
        XCTAssertThrowsError(try AveragingWindow(kernel: .gaussian, sigma: 0)) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("", "the gaussian window's sigma must be a positive number of map steps, not 0.0"))
        }
    }
}

/// The command-line forms the `denoise` command hands over.
final class ClassicArgumentTests: XCTestCase {
    func testWindowSizeArgument() throws {
        let window = try AveragingWindow(kernel: .rectangular, size: "5x3")
        XCTAssertEqual([window.columns, window.rows], [5, 3])
        XCTAssertThrowsError(try AveragingWindow(size: "3by3")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("", "--window must be COLUMNSxROWS, odd numbers such as 3x3 or 5x3, not '3by3'"))
        }
        XCTAssertThrowsError(try AveragingWindow(size: "2x2")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("", "--window must be odd in both directions (3x3, 5x5, 3x5, ...), not 2x2"))
        }
    }

    func testLambdaArgument() throws {
        XCTAssertNil(try NonLocalPatternAveraging.lambda(from: "auto"))
        XCTAssertEqual(try NonLocalPatternAveraging.lambda(from: "0.9"), 0.9)
        XCTAssertThrowsError(try NonLocalPatternAveraging.lambda(from: "-1")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("", "--lambda must be a positive number or 'auto', not '-1'"))
        }
    }
}
