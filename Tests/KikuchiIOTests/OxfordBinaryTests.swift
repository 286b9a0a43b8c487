import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Oxford AZtec `.ebsp` files: kikuchipy's real nine Ni patterns, the fixtures of
/// Tests/Fixtures/ebsp/make_fixtures.py (checked there against kikuchipy's reader), and damage.
final class OxfordBinaryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-ebsp") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func sample(_ relative: String) throws -> String {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        return data.appendingPathComponent(relative).path
    }

    private func fixture(_ name: String) -> String { TestPaths.fixture("ebsp/\(name)").path }

    /// make_fixtures.py's formula for the pattern at map position `index`.
    private func expected(_ index: Int, width: Int, height: Int, pixelType: PixelType) -> [Double] {
        (0..<height).flatMap { y in
            (0..<width).map { x in
                pixelType == .uint16 ? Double(1000 + 300 * index + 7 * y + x) : Double((40 * index + 3 * y + x) % 256)
            }
        }
    }

    func testKikuchipyNickelPatternsEqualTheUP1UP2AndH5ebsdOnes() throws {
        let reader = try ScanIO.openReader(try sample("kikuchipy/oxford_binary/patterns.ebsp"))
        let scan = reader.scan
        XCTAssertEqual(scan.format, .oxfordBinary)
        XCTAssertEqual([scan.width, scan.height, scan.count], [60, 60, 9])
        XCTAssertEqual(scan.pixelType, .uint8)
        XCTAssertEqual(scan.geometry, MapGeometry(columns: 3, rows: 3, stepX: 1.5, stepY: 1.5))
        XCTAssertEqual(scan.details["version"], "2")
        XCTAssertEqual(scan.details["fileOrder"], "not scan order")
        let patterns = try reader.read(0..<9)
        XCTAssertEqual(patterns.bytes, try ScanIO.openReader(try sample("kikuchipy/edax_binary/edax_binary.up1")).read(0..<9).bytes)
        for other in ["kikuchipy/edax_binary/edax_binary.up2", "kikuchipy/kikuchipy_h5ebsd/patterns.h5"] {
            XCTAssertEqual(patterns.values(), try ScanIO.openReader(try sample(other)).read(0..<9).values(), other)
        }
        // Any sub-range reads the same patterns.
        XCTAssertEqual(try reader.read(4..<7).bytes, Array(patterns.bytes[4 * 3600..<7 * 3600]))
    }

    func testFixturesWrittenForKikuchipy() throws {
        let cases: [(name: String, pixelType: PixelType, width: Int, height: Int, geometry: MapGeometry, present: [Int], version: String)] = [
            ("reversed_uint16_v4.ebsp", .uint16, 40, 30, MapGeometry(columns: 3, rows: 2, stepX: 0.5, stepY: 0.5), Array(0..<6), "4"),
            ("rolled_uint8_v5.ebsp", .uint8, 60, 40, MapGeometry(columns: 2, rows: 3, stepX: 1.5, stepY: 1.5), Array(0..<6), "5"),
            ("missing_uint8_v2.ebsp", .uint8, 60, 40, .line(of: 5), [0, 1, 2, 3, 5], "2"),
            ("unmarked_uint8_v0.ebsp", .uint8, 60, 40, .line(of: 4), Array(0..<4), "0")
        ]
        for item in cases {
            let reader = try ScanIO.openReader(fixture(item.name))
            XCTAssertEqual(reader.scan.pixelType, item.pixelType, item.name)
            XCTAssertEqual([reader.scan.width, reader.scan.height, reader.scan.count], [item.width, item.height, item.present.count], item.name)
            XCTAssertEqual(reader.scan.geometry, item.geometry, item.name)
            XCTAssertEqual(reader.scan.details["version"], item.version, item.name)
            let values = try reader.read(0..<reader.scan.count).values()
            let expected = item.present.flatMap { self.expected($0, width: item.width, height: item.height, pixelType: item.pixelType) }
            XCTAssertEqual(values, expected, item.name)
        }
        XCTAssertEqual(
            try ScanIO.openReader(fixture("missing_uint8_v2.ebsp")).scan.details["missingPatterns"],
            "1 of 6 map positions have no pattern")
    }

    // MARK: - Damage

    private func damaged(_ name: String, _ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("rolled_uint8_v5.ebsp"))))
        change(&bytes)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func assertRefused(
        _ path: String, reading: Bool = false, _ fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try {
                let reader = try ScanIO.openReader(path); if reading { _ = try reader.read(0..<reader.scan.count) }
            }(),
            file: file, line: line
        ) { error in
            guard case KikuchiError.badInput = error else { return XCTFail("expected a bad-input error, got \(error)", file: file, line: line) }
            for fragment in [path] + fragments {
                XCTAssertTrue("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    /// rolled_uint8_v5.ebsp: marker (8) + unknown byte (1) + six offsets (48), then records of
    /// 24 + 2400 + 18 bytes, map position 1 first.
    private let table = 9, firstRecord = 57, record = 24 + 2400 + 18

    func testTruncatedFileNamesThePattern() throws {
        let path = try damaged("cut.ebsp") { $0.removeLast(100) }
        // Map position 0 is stored last, so it is the one cut short.
        assertRefused(
            path, ["truncated: pattern 0 at byte \(firstRecord + 5 * record) needs \(record) bytes but the file has \(firstRecord + 6 * record - 100)"])
    }

    func testOffsetPastTheEnd() throws {
        let path = try damaged("offset.ebsp") { bytes in
            bytes.replaceSubrange(table + 8 * 3..<table + 8 * 4, with: [0, 0, 0, 0, 1, 0, 0, 0])
        }
        assertRefused(path, ["the .ebsp offset table puts pattern 3 at byte 4294967296, outside the file (\(firstRecord + 6 * record) bytes)"])
    }

    func testRecordHeaderThatDisagreesWithTheFirst() throws {
        // The record of map position 2 (stored second) says 41 rows.
        let path = try damaged("header.ebsp") { bytes in bytes[firstRecord + record + 12] = 41 }
        assertRefused(
            path, reading: true, ["pattern 2 at byte \(firstRecord + record) has a header of 60 x 41 pixels in 2400 bytes, unlike pattern 0 (60 x 40 in 2400)"])
    }

    /// The fuzzer's find: a marker of Int64.min, whose negation overflows.
    func testVersionMarkerOfTheLowestInt64() throws {
        let path = folder.appendingPathComponent("marker.ebsp").path
        try Data([0, 0, 0, 0, 0, 0, 0, 0x80] + [UInt8](repeating: 0, count: 64)).write(to: URL(fileURLWithPath: path))
        assertRefused(path, ["unsupported Oxford .ebsp version 9223372036854775807"])
    }

    func testCompressedPatternsAndEmptyTables() throws {
        let compressed = try damaged("compressed.ebsp") { bytes in bytes[firstRecord + 8] = 1 }
        assertRefused(compressed, ["compressed .ebsp patterns are not supported"])
        let empty = try damaged("empty.ebsp") { bytes in
            bytes.replaceSubrange(table..<firstRecord, with: [UInt8](repeating: 0, count: firstRecord - table))
        }
        // The table's zeros run into the first record, whose first int64 (map x 1, map y 0) is no offset.
        assertRefused(empty, ["the .ebsp offset table puts pattern 6 at byte 1, inside the offset table"])
        let zeros = folder.appendingPathComponent("zeros.ebsp").path
        try Data([0xfe] + [UInt8](repeating: 0xff, count: 7) + [UInt8](repeating: 0, count: 80)).write(to: URL(fileURLWithPath: zeros))
        assertRefused(zeros, ["the .ebsp offset table holds no pattern (10 entries, all 0)"])
    }
}
