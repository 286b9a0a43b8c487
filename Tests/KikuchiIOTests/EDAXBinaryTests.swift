import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

final class EDAXBinaryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("edax") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A hand-built UP file: header fields as given, then `patterns` patterns of `width` x `height`.
    private func handMadeUP(
        _ name: String, version: UInt32, width: UInt32, height: UInt32, offset: UInt32? = nil,
        columns: UInt32 = 2, rows: UInt32 = 2, hex: UInt8 = 0, extra: UInt8 = 0,
        bytesPerPixel: Int = 2, patterns: Int, trailingBytes: Int = 0
    ) throws -> String {
        var bytes = [UInt8]()
        func put(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
        func put(_ v: Double) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64(i)))) } }
        let headerLength: UInt32 = version == 1 ? 16 : 42
        put(version); put(width); put(height); put(offset ?? headerLength)
        if version != 1 {
            bytes.append(extra); put(columns); put(rows); bytes.append(hex); put(1.5); put(2.5)
        }
        while bytes.count < Int(offset ?? headerLength) { bytes.append(0xAB) }
        let data = Int(width) * Int(height) * bytesPerPixel * patterns + trailingBytes
        bytes += (0..<data).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let file = path(name)
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        return file
    }

    private func assertBadInput(
        _ expression: @autoclosure () throws -> Any, mentions fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard case let KikuchiError.badInput(_, problem) = error else {
                return XCTFail("expected a bad-input error, got \(error)", file: file, line: line)
            }
            for fragment in fragments {
                XCTAssertTrue(problem.contains(fragment), "'\(problem)' does not mention '\(fragment)'", file: file, line: line)
            }
            XCTAssertFalse(problem.contains("\n"), "the message must be one line", file: file, line: line)
        }
    }

    func testVersion3SquareRoundTripIsByteIdentical() throws {
        let batch = SyntheticPatterns.batch(width: 13, height: 7, count: 12, pixelType: .uint16)
        let file = path("square.up2")
        try SyntheticPatterns.write(batch, to: file, geometry: MapGeometry(columns: 4, rows: 3, stepX: 0.5, stepY: 0.25))
        let reader = try EDAXBinaryReader(path: file)
        XCTAssertEqual(reader.header.version, 3)
        XCTAssertEqual(reader.header.dataOffset, 42)
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 4, rows: 3, stepX: 0.5, stepY: 0.25))
        XCTAssertEqual(try reader.read(0..<12), batch)
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
        XCTAssertEqual(size, 42 + 12 * 13 * 7 * 2)
    }

    func testHexGridWithoutExtraPatternsHasShortOddRows() throws {
        // 5 columns x 4 rows hex: rows hold 5, 4, 5, 4 patterns = 5 * 4 - 4 / 2 = 18.
        let geometry = MapGeometry(columns: 5, rows: 4, grid: .hex)
        XCTAssertEqual(geometry.patternCount, 18)
        XCTAssertEqual(geometry.position(of: 5).row, 1)
        XCTAssertEqual(geometry.position(of: 5).column, 0)
        XCTAssertEqual(geometry.position(of: 9).row, 2)
        let batch = SyntheticPatterns.batch(width: 8, height: 6, count: 18, pixelType: .uint16)
        let file = path("hex.up2")
        try SyntheticPatterns.write(batch, to: file, geometry: geometry)
        let reader = try EDAXBinaryReader(path: file)
        XCTAssertEqual(reader.scan.count, 18)
        XCTAssertEqual(reader.scan.geometry.grid, .hex)
        XCTAssertFalse(reader.scan.geometry.hexRowsFull)
        XCTAssertEqual(try reader.read(0..<18), batch)
    }

    func testVersion1UP1HasNoMapAndCountsFromTheFileSize() throws {
        let file = try handMadeUP("v1.up1", version: 1, width: 5, height: 4, bytesPerPixel: 1, patterns: 6)
        let reader = try EDAXBinaryReader(path: file)
        XCTAssertEqual(reader.scan.count, 6)
        XCTAssertEqual(reader.scan.pixelType, .uint8)
        XCTAssertEqual(reader.scan.geometry, .line(of: 6))
    }

    func testDataOffsetBeyondTheHeaderIsHonoured() throws {
        let file = try handMadeUP("offset.up2", version: 3, width: 3, height: 2, offset: 64, patterns: 4)
        let reader = try EDAXBinaryReader(path: file)
        let raw = try Data(contentsOf: URL(fileURLWithPath: file))
        XCTAssertEqual(try reader.read(0..<4).bytes, [UInt8](raw.dropFirst(64)))
    }

    func testVersion2IsParsedLikeVersion3() throws {
        let file = try handMadeUP("v2.up2", version: 2, width: 3, height: 2, columns: 3, rows: 2, patterns: 6)
        let reader = try EDAXBinaryReader(path: file)
        XCTAssertEqual(reader.scan.geometry.columns, 3)
        XCTAssertEqual(reader.scan.count, 6)
    }

    func testTruncatedFileNamesBothCounts() throws {
        let file = try handMadeUP("short.up2", version: 3, width: 4, height: 4, patterns: 3, trailingBytes: 10)
        assertBadInput(try EDAXBinaryReader(path: file), mentions: ["truncated", "4 patterns", "3 complete"])
        let partial = try EDAXBinaryReader(path: file, options: ReadOptions(allowPartial: true))
        XCTAssertEqual(partial.scan.count, 3)
    }

    func testSizeDisagreeingWithHeaderIsRefused() throws {
        let file = try handMadeUP("odd.up2", version: 3, width: 4, height: 4, patterns: 4, trailingBytes: 5)
        assertBadInput(try EDAXBinaryReader(path: file), mentions: ["disagrees", "\(42 + 4 * 32 + 5)", "\(42 + 4 * 32)"])
        let v1 = try handMadeUP("odd.up1", version: 1, width: 4, height: 4, bytesPerPixel: 1, patterns: 2, trailingBytes: 3)
        assertBadInput(try EDAXBinaryReader(path: v1), mentions: ["disagrees", "3 bytes left over"])
    }

    func testUnsupportedVersionsAreRefused() throws {
        for version: UInt32 in [0, 7] {
            let file = try handMadeUP("v\(version).up2", version: version, width: 4, height: 4, patterns: 4)
            assertBadInput(try EDAXBinaryReader(path: file), mentions: ["version \(version)"])
        }
    }

    func testZeroWidthOrHeightIsRefused() throws {
        let noWidth = try handMadeUP("w0.up2", version: 3, width: 0, height: 4, patterns: 0)
        assertBadInput(try EDAXBinaryReader(path: noWidth), mentions: ["0 x 4"])
        let noHeight = try handMadeUP("h0.up2", version: 3, width: 4, height: 0, patterns: 0)
        assertBadInput(try EDAXBinaryReader(path: noHeight), mentions: ["4 x 0"])
    }

    func testTooShortFileIsRefused() throws {
        let file = path("tiny.up2")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data([3, 0, 0])))
        assertBadInput(try EDAXBinaryReader(path: file), mentions: ["too short", "3 bytes"])
    }

    func testWriterRefusesAPixelTypeTheFormatCannotHold() throws {
        let scan = ScanDescription(width: 4, height: 4, count: 1, pixelType: .float32)
        assertBadInput(try EDAXBinaryWriter(path: path("f.up2"), scan: scan), mentions: ["uint16", "float32"])
        assertBadInput(try EDAXBinaryWriter(path: path("f.up1"), scan: scan.with(pixelType: .uint16)), mentions: ["uint8"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testAnUnfinishedWriterLeavesNoFile() throws {
        let scan = ScanDescription(width: 4, height: 4, count: 3, pixelType: .uint16)
        var writer: EDAXBinaryWriter? = try EDAXBinaryWriter(path: path("out.up2"), scan: scan)
        try writer!.write(SyntheticPatterns.batch(width: 4, height: 4, count: 1, pixelType: .uint16), at: 0)
        XCTAssertThrowsError(try writer!.finish()) { error in
            XCTAssertTrue("\(error)".contains("pattern 1 was never written"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.up2")))
        writer = nil
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testPatternsMayBeWrittenInAnyOrder() throws {
        let batch = SyntheticPatterns.batch(width: 6, height: 5, count: 9, pixelType: .uint16)
        let scan = ScanDescription(width: 6, height: 5, count: 9, pixelType: .uint16, geometry: MapGeometry(columns: 3, rows: 3))
        let writer = try EDAXBinaryWriter(path: path("order.up2"), scan: scan)
        try writer.write(batch.slice(6..<9), at: 6)
        try writer.write(batch.slice(0..<2), at: 0)
        try writer.write(batch.slice(2..<6), at: 2)
        try writer.finish()
        XCTAssertEqual(try EDAXBinaryReader(path: path("order.up2")).read(0..<9), batch)
    }

    func testKeptHeaderIsWrittenBackVerbatim() throws {
        let source = try handMadeUP("src.up2", version: 3, width: 3, height: 2, offset: 50, columns: 2, rows: 2, patterns: 4)
        let reader = try EDAXBinaryReader(path: source)
        let writer = try EDAXBinaryWriter(path: path("copy.up2"), scan: reader.scan)
        try writer.write(try reader.read(0..<4), at: 0)
        try writer.finish()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("copy.up2"))), try Data(contentsOf: URL(fileURLWithPath: source)))
    }
}
