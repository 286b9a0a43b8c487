import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `.ebsp` through the command line: info, convert to the formats OIM and kikuchipy take,
/// denoise, and the refusals (writing .ebsp, a damaged file).
final class OxfordBinaryCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-ebsp-cli") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func nickel() throws -> String {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        return data.appendingPathComponent("kikuchipy/oxford_binary/patterns.ebsp").path
    }

    func testInfoConvertAndDenoise() throws {
        let input = try nickel()
        let info = try CommandRunner.run(["info", input])
        info.assertSucceeded()
        XCTAssertTrue(info.standardOutput.contains("Oxford .ebsp"), info.standardOutput)
        XCTAssertTrue(info.standardOutput.contains("3 columns x 3 rows"), info.standardOutput)

        try CommandRunner.run(["convert", input, path("nickel.up2")]).assertSucceeded()
        try CommandRunner.run(["convert", input, path("nickel.h5")]).assertSucceeded()
        let original = try ScanIO.openReader(input).read(0..<9).values()
        for output in ["nickel.up2", "nickel.h5"] {
            let reader = try ScanIO.openReader(path(output))
            XCTAssertEqual(reader.scan.geometry.columns, 3, output)
            XCTAssertEqual(reader.scan.geometry.rows, 3, output)
            XCTAssertEqual(reader.scan.geometry.stepX, 1.5, output)
            XCTAssertEqual(try reader.read(0..<9).values(), original, output)
        }

        try CommandRunner.run(["denoise", input, "--output", path("denoised.up2"), "--method", "nlpar"]).assertSucceeded()
        XCTAssertEqual(try ScanIO.openReader(path("denoised.up2")).scan.count, 9)
    }

    func testWritingEBSPIsRefused() throws {
        let input = try nickel()
        try assertFailsCleanly(
            ["convert", input, path("copy.ebsp")], status: 2,
            mentions: ["copy.ebsp", "Oxford .ebsp files are read, not written"], output: path("copy.ebsp"), inputs: [input])
    }

    func testDamagedEBSPFailsCleanly() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try nickel())))
        bytes.removeLast(1000)
        let input = path("cut.ebsp")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        try assertFailsCleanly(
            ["convert", input, path("out.up2")], status: 2,
            mentions: ["cut.ebsp", "truncated: pattern 0 at byte 29152"], output: path("out.up2"), inputs: [input])
    }
}
