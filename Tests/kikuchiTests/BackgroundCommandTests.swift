import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `kikuchi background` against kikuchipy 0.13's outputs (Tests/Fixtures/classic/make_fixtures.py).
final class BackgroundCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("background") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("classic/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func run(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    private func all(_ path: String) throws -> PatternBatch {
        let reader = try ScanIO.openReader(path)
        return try reader.read(0..<reader.scan.count)
    }

    /// Largest absolute pixel difference.
    private func maxDifference(_ a: PatternBatch, _ b: PatternBatch) -> Double {
        zip(a.values(), b.values()).map { abs($0 - $1) }.max() ?? .infinity
    }

    func testStaticWithABackgroundFileEqualsKikuchipy() throws {
        try run(["background", fixture("scan_uint8.npy"), "-o", path("s.npy"), "--static", "--background", fixture("background_uint8.png")])
        XCTAssertLessThanOrEqual(maxDifference(try all(path("s.npy")), try all(fixture("static_subtract_uint8.npy"))), 1)
        try run(["background", fixture("scan_uint8.npy"), "-o", path("d.npy"), "--static", "--background", fixture("background_uint8.npy"), "--divide"])
        XCTAssertLessThanOrEqual(maxDifference(try all(path("d.npy")), try all(fixture("static_divide_uint8.npy"))), 1)
    }

    func testStaticWithoutABackgroundUsesTheScanMean() throws {
        try run(["background", fixture("scan_uint8.npy"), "-o", path("m.npy"), "--static"])
        XCTAssertLessThanOrEqual(maxDifference(try all(path("m.npy")), try all(fixture("static_mean_subtract_uint8.npy"))), 1)
    }

    func testDynamicKeepsGeometryAndPixelTypeOfAnH5ebsdScan() throws {
        let input = try all(fixture("scan_uint8.npy"))
        let geometry = MapGeometry(columns: 9, rows: 8, stepX: 1.5, stepY: 1.5)
        try SyntheticPatterns.write(input, to: path("in.h5"), geometry: geometry)
        try run(["background", path("in.h5"), "-o", path("out.h5"), "--dynamic"])
        let reader = try ScanIO.openReader(path("out.h5"))
        XCTAssertEqual(reader.scan.geometry, geometry)
        XCTAssertEqual(reader.scan.pixelType, .uint8)
        XCTAssertLessThanOrEqual(maxDifference(try reader.read(0..<72), try all(fixture("dynamic_subtract_uint8.npy"))), 1)
        try run(["background", path("in.h5"), "-o", path("out2.npy"), "--dynamic", "--sigma", "2.5", "--divide"])
        XCTAssertLessThanOrEqual(maxDifference(try all(path("out2.npy")), try all(fixture("dynamic_divide_sigma2.5_uint8.npy"))), 1)
    }

    func testBadUsageIsRefusedBeforeWriting() throws {
        let input = fixture("scan_uint8.npy"), out = path("x.npy")
        try assertFailsCleanly(["background", input, "-o", out], status: 2, mentions: ["--static", "--dynamic"], output: out, inputs: [input])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--static", "--dynamic"], status: 2,
            mentions: ["choose one of --static and --dynamic"], output: out, inputs: [input])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--static", "--sigma", "3"], status: 2,
            mentions: ["--sigma goes with --dynamic"], output: out, inputs: [input])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--dynamic", "--background", input], status: 2,
            mentions: ["--background goes with --static"], output: out, inputs: [input])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--dynamic", "--sigma=-1"], status: 2,
            mentions: ["--sigma must be a positive number"], output: out, inputs: [input])
    }

    func testBadBackgroundsAreRefusedAndLeaveNothing() throws {
        let input = fixture("scan_uint8.npy"), out = path("x.npy")
        let wrong = fixture("background_wrong_size.npy")
        try assertFailsCleanly(
            ["background", input, "-o", out, "--static", "--background", wrong], status: 2,
            mentions: [wrong, "background is 26 x 20 pixels but the patterns of", "are 24 x 20"],
            output: out, inputs: [input, wrong])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--static", "--background", input], status: 2,
            mentions: ["a background file must hold one pattern, not 72"], output: out, inputs: [input])
        try assertFailsCleanly(
            ["background", input, "-o", out, "--static", "--background", path("none.png")], status: 2,
            mentions: ["none.png", "background file not found"], output: out, inputs: [input])
    }

    func testOutputRulesAreThoseOfEveryCommand() throws {
        let input = fixture("scan_uint8.npy")
        try assertFailsCleanly(["background", input, "-o", input, "--dynamic"], status: 2, mentions: [input], output: nil, inputs: [input])
        _ = FileManager.default.createFile(atPath: path("exists.npy"), contents: Data([1, 2, 3]))
        let before = try Data(contentsOf: URL(fileURLWithPath: path("exists.npy")))
        let result = try CommandRunner.run(["background", input, "-o", path("exists.npy"), "--dynamic", "--quiet"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardError.contains("exists"), result.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("exists.npy"))), before)
        try run(["background", input, "-o", path("exists.npy"), "--dynamic", "--overwrite"])
        XCTAssertEqual(try ScanIO.openReader(path("exists.npy")).scan.count, 72)
    }
}
