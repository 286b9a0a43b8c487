import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Every bad input of SPEC's error list, through the command line: one line naming the file and
/// the problem, exit status 1 or 2, no file at OUT, and the input untouched.
final class BadInputCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("bad") }
    override func tearDownWithError() throws {
        _ = chmod(folder.path, 0o755)
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func goodUP2(_ name: String = "good.up2", count: Int = 4) throws -> String {
        let batch = SyntheticPatterns.batch(width: 8, height: 8, count: count, pixelType: .uint16)
        try SyntheticPatterns.write(batch, to: path(name), geometry: MapGeometry(columns: count, rows: 1))
        return path(name)
    }

    /// A UP2 version 3 header for a 2 x 2 map of 8 x 8 patterns, then `dataBytes` bytes.
    private func up2(_ name: String, version: UInt32 = 3, width: UInt32 = 8, height: UInt32 = 8, dataBytes: Int) throws -> String {
        var header = EDAXHeader(version: 3, width: 8, height: 8, geometry: MapGeometry(columns: 2, rows: 2)).encoded()
        for (index, value) in [(0, version), (4, width), (8, height)] {
            for b in 0..<4 { header[index + b] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(b))) }
        }
        try (Data(header) + Data(count: dataBytes)).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func testTruncatedUP2() throws {
        let input = try up2("cut.up2", dataBytes: 3 * 128 + 17)
        try assertFailsCleanly(
            ["convert", input, path("out.npy")], status: 2,
            mentions: ["cut.up2", "truncated", "4 patterns", "3 complete"], output: path("out.npy"), inputs: [input])
    }

    /// The report that started the fuzzing work: kikuchipy's test UP2 with its column count set
    /// to 0x7fffffff or 0xffffffff made `info` and `convert` trap on an arithmetic overflow.
    func testKikuchipyUP2WithDamagedColumnCount() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let original = try Data(contentsOf: data.appendingPathComponent("kikuchipy/edax_binary/edax_binary.up2"))
        for columns: UInt32 in [0x7fff_ffff, 0xffff_ffff] {
            var bytes = [UInt8](original)
            for b in 0..<4 { bytes[17 + b] = UInt8(truncatingIfNeeded: columns >> (8 * UInt32(b))) }
            let input = path("columns-\(columns).up2")
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            let fragments = [input, "truncated", "map of \(columns) x 3 hex positions", "72042 bytes", "10 complete patterns", "--allow-partial"]
            try assertFailsCleanly(["info", input], status: 2, mentions: fragments, output: nil, inputs: [input])
            try assertFailsCleanly(["convert", input, path("out.h5")], status: 2, mentions: fragments, output: path("out.h5"), inputs: [input])
        }
    }

    func testHeaderSizeMismatch() throws {
        let input = try up2("long.up2", dataBytes: 4 * 128 + 5)
        try assertFailsCleanly(
            ["unpack", input, path("dir")], status: 2,
            mentions: ["long.up2", "disagrees with the header"], output: path("dir"), inputs: [input])
    }

    func testUnsupportedHeaderVersions() throws {
        for version: UInt32 in [0, 7] {
            let input = try up2("v\(version).up2", version: version, dataBytes: 4 * 128)
            try assertFailsCleanly(
                ["convert", input, path("out.npy")], status: 2,
                mentions: ["v\(version).up2", "version \(version)"], output: path("out.npy"), inputs: [input])
        }
    }

    func testZeroWidthOrHeight() throws {
        let noWidth = try up2("w0.up2", width: 0, dataBytes: 0)
        try assertFailsCleanly(["info", noWidth], status: 2, mentions: ["w0.up2", "0 x 8"], output: nil, inputs: [noWidth])
        let noHeight = try up2("h0.up2", height: 0, dataBytes: 0)
        try assertFailsCleanly(["convert", noHeight, path("o.up2")], status: 2, mentions: ["h0.up2", "8 x 0"], output: path("o.up2"), inputs: [noHeight])
    }

    func testOutputEqualToInputIsRefused() throws {
        let input = try goodUP2()
        try assertFailsCleanly(
            ["convert", input, input, "--overwrite"], status: 2,
            mentions: ["good.up2", "the output is the input"], output: nil, inputs: [input])
        // The same file reached through another spelling of its path.
        let other = folder.appendingPathComponent("sub/../good.up2").path
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
        try assertFailsCleanly(
            ["convert", input, other, "--overwrite"], status: 2,
            mentions: ["the output is the input"], output: nil, inputs: [input])
    }

    func testExistingOutputNeedsOverwrite() throws {
        let input = try goodUP2()
        let existing = try goodUP2("existing.up2", count: 2)
        let before = try Fingerprint.of(existing)
        try assertFailsCleanly(
            ["convert", input, existing], status: 2,
            mentions: ["existing.up2", "already exists", "--overwrite"], output: nil, inputs: [input, existing])
        XCTAssertEqual(try Fingerprint.of(existing), before)
        let result = try CommandRunner.run(["convert", input, existing, "--overwrite", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try EDAXBinaryReader(path: existing).scan.count, 4)
    }

    func testUnwritableOutputFolder() throws {
        let input = try goodUP2()
        // Root ignores permission bits, so as root use a folder the kernel refuses to write in.
        let locked: String
        if getuid() == 0 {
            locked = "/sys"
        } else {
            locked = path("locked")
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
            XCTAssertEqual(chmod(locked, 0o555), 0)
        }
        let output = (locked as NSString).appendingPathComponent("out.up2")
        try assertFailsCleanly(
            ["convert", input, output], status: 1,
            mentions: ["out.up2", "cannot write in the output folder"], output: output, inputs: [input])
    }

    func testMissingOutputFolder() throws {
        let input = try goodUP2()
        let output = path("no/such/folder/out.up2")
        try assertFailsCleanly(
            ["convert", input, output], status: 1,
            mentions: ["out.up2", "does not exist"], output: nil, inputs: [input])
    }

    func testUnknownExtension() throws {
        let input = try goodUP2()
        try assertFailsCleanly(
            ["convert", input, path("out.xyz")], status: 2,
            mentions: ["out.xyz", "unknown scan kind"], output: path("out.xyz"), inputs: [input])
    }

    func testMissingInput() throws {
        try assertFailsCleanly(["info", path("absent.up2")], status: 2, mentions: ["absent.up2", "cannot open"], output: nil, inputs: [])
    }
}
