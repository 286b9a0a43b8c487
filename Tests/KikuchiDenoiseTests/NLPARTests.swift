import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// NLPAR against PyEBSDIndex 0.3.10's CPU NLPAR on the same UP1 scan (Tests/Fixtures/classic/make_fixtures.py).
final class NLPARTests: XCTestCase {
    private typealias F = ClassicFixtures

    private func facts() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: F.path("facts.json")))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testNoiseEstimateEqualsPyEBSDIndexSigma() throws {
        let nlpar = try NonLocalPatternAveraging()
        _ = try F.run(nlpar)
        let expected = try F.load("nlpar_sigma.npy")
        // nlpar_sigma.npy holds one float per pattern, stored as a 1-pixel-wide "scan".
        let reference = (0..<expected.count).flatMap { expected.floats(of: $0) }
        XCTAssertEqual(nlpar.sigma.count, reference.count)
        for (mine, theirs) in zip(nlpar.sigma, reference) {
            XCTAssertEqual(mine, theirs, accuracy: theirs * 1e-4)
        }
    }

    func testLambda07Radius3EqualsPyEBSDIndex() throws {
        let out = try F.run(try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 3))
        try F.assertMatches(out, "nlpar_lambda0.7_radius3_uint8.npy", minimumNCC: 0.99)
        XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(out), try F.load("nlpar_lambda0.7_radius3_uint8.npy")), 1)
    }

    func testLambda12Radius2EqualsPyEBSDIndexWhateverTheBatches() throws {
        let nlpar = try NonLocalPatternAveraging(lambda: 1.2, searchRadius: 2)
        let out = try F.run(nlpar, batchSize: 4)
        try F.assertMatches(out, "nlpar_lambda1.2_radius2_uint8.npy", minimumNCC: 0.99)
        XCTAssertEqual(try F.run(try NonLocalPatternAveraging(lambda: 1.2, searchRadius: 2), batchSize: 72), out)
    }

    func testAutomaticLambdaIsCloseToOptLambda() throws {
        let nlpar = try NonLocalPatternAveraging(lambda: nil)
        _ = try F.run(nlpar)
        let facts = try facts()
        // PyEBSDIndex's opt_lambda kernels on the whole map as one tile (its public call tiles the
        // map and mixes tile-edge neighbourhoods into the fit; its choice is checked below).
        let expected = try XCTUnwrap(facts["opt_lambda_single_tile"] as? [Double])
        XCTAssertEqual(nlpar.lambdaCandidates.count, 3)
        for (mine, theirs) in zip(nlpar.lambdaCandidates, expected) {
            XCTAssertEqual(mine, theirs, accuracy: 0.01 * theirs)
        }
        XCTAssertEqual(try XCTUnwrap(nlpar.lambda), try XCTUnwrap(facts["opt_lambda_choice"] as? Double), accuracy: 0.02)
    }

    func testInputsAreTheShiftedSearchWindowRows() throws {
        let nlpar = try NonLocalPatternAveraging(searchRadius: 3)
        let scan = ScanDescription(width: 4, height: 4, count: 72, pixelType: .uint8, geometry: F.square)
        XCTAssertEqual(nlpar.inputs(for: ScanSelection(0..<9), of: scan), ScanSelection(0..<63))  // row 0: window rows 0...6
        XCTAssertEqual(nlpar.inputs(for: ScanSelection(36..<45), of: scan), ScanSelection(9..<72))  // row 4: rows 1...7
    }

    func testHexScanRunsWithRowsOfTwoLengths() throws {
        // 8 rows of 9 and 8 patterns: 68 patterns, the first 68 of the fixture.
        let all = try F.load("scan_uint8.npy")
        let hex = MapGeometry(columns: 9, rows: 8, grid: .hex)
        let reader = MemoryScanReader(all.slice(0..<hex.patternCount), geometry: hex)
        let writer = MemoryScanWriter(scan: reader.scan)
        try DenoiseJob(denoiser: try NonLocalPatternAveraging(), batchSize: 5).run(from: reader, to: writer)
        // Denoised patterns stay close to their inputs' structure and differ from them.
        XCTAssertGreaterThan(F.worstNCC(writer.patterns, reader.patterns), 0.5)
        XCTAssertNotEqual(writer.patterns, reader.patterns)
    }

    func testBadParametersAreRefused() {
        XCTAssertThrowsError(try NonLocalPatternAveraging(lambda: 0, scanPath: "s.up2")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("s.up2", "--lambda must be a positive number or 'auto', not 0.0"))
        }
        XCTAssertThrowsError(try NonLocalPatternAveraging(searchRadius: 0, scanPath: "s.up2")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("s.up2", "--radius must be at least 1 map step, not 0"))
        }
    }
}
