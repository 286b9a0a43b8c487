import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `convert --resize / --clahe` and `unpack --size` against outputs OpenCV wrote
/// (Tests/Fixtures/imageops/make_fixtures.py).
final class PatternStepCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("steps") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("imageops/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func run(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    private func maxDifference(_ a: String, _ b: String) throws -> Double {
        let x = try NPYReader(path: a), y = try NPYReader(path: b)
        XCTAssertEqual([x.scan.width, x.scan.height, x.scan.count], [y.scan.width, y.scan.height, y.scan.count])
        return zip(try x.read(0..<1).values(), try y.read(0..<1).values()).map { abs($0 - $1) }.max() ?? .infinity
    }

    func testResizeEqualsOpenCV() throws {
        try run(["convert", fixture("input_pattern240.npy"), path("r.npy"), "--resize", "236x236"])
        XCTAssertEqual(try maxDifference(path("r.npy"), fixture("resize_pattern240_236x236_linear_uint8.npy")), 0)
        try run(["convert", fixture("input_pattern240.npy"), path("a.npy"), "--resize", "236x236", "--interpolation", "area"])
        XCTAssertEqual(try maxDifference(path("a.npy"), fixture("resize_pattern240_236x236_area_uint8.npy")), 0)
    }

    func testCLAHEEqualsOpenCV() throws {
        try run(["convert", fixture("input_pattern240.npy"), path("c.npy"), "--clahe", "3,8"])
        XCTAssertEqual(try maxDifference(path("c.npy"), fixture("clahe_pattern240_clip3_tiles8_uint8.npy")), 0)
        try run(["convert", fixture("input_pattern60.npy"), path("c2.npy"), "--clahe", "2,4"])
        XCTAssertEqual(try maxDifference(path("c2.npy"), fixture("clahe_pattern60_clip2_tiles4_uint8.npy")), 0)
    }

    func testUnpackSizeResizesEveryImage() throws {
        let batch = SyntheticPatterns.batch(width: 60, height: 60, count: 3, pixelType: .uint8)
        try SyntheticPatterns.write(batch, to: path("s.up1"))
        try run(["unpack", path("s.up1"), path("big"), "--size", "120x90"])
        let reader = try ScanIO.openReader(path("big"))
        XCTAssertEqual([reader.scan.width, reader.scan.height, reader.scan.count], [120, 90, 3])
    }

    func testBadStepArgumentsAreRefusedBeforeWriting() throws {
        try assertFailsCleanly(
            ["convert", fixture("input_pattern240.npy"), path("x.npy"), "--clahe", "0"], status: 2,
            mentions: ["--clahe"], output: path("x.npy"), inputs: [fixture("input_pattern240.npy")])
    }
}
