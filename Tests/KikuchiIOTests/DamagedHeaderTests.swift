import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Headers whose sizes overflow or ask for more than the file holds: each is refused with one
/// line naming the file and the field, where it used to trap or allocate gigabytes (found by
/// fuzz/; see fuzz/README.md).
final class DamagedHeaderTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-damaged") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try TestPaths.write(bytes, named: name, in: folder)
    }

    private func assertRefused(
        _ body: () throws -> Void, _ fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case KikuchiError.badInput = error else {
                return XCTFail("expected a bad-input error, got \(error)", file: file, line: line)
            }
            for fragment in fragments {
                XCTAssertTrue("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            }
        }
    }

    /// A UP2 of `count` 60 x 60 patterns under a header with the map `columns` x `rows`.
    private func up2(
        _ name: String, width: Int = 60, height: Int = 60, columns: Int, rows: Int,
        grid: GridKind = .square, count: Int = 10
    ) throws -> String {
        let header = EDAXHeader(
            version: 3, width: width, height: height,
            geometry: MapGeometry(columns: columns, rows: rows, grid: grid, hexRowsFull: true)
        ).encoded()
        return try write(header + [UInt8](repeating: 9, count: count * 60 * 60 * 2), name)
    }

    func testEDAXColumnCountFarBeyondTheFile() throws {
        for columns in [0x7fff_ffff, 0xffff_ffff] {
            let path = try up2("columns-\(columns).up2", columns: columns, rows: 3, grid: .hex)
            assertRefused(
                { _ = try ScanIO.openReader(path) },
                [path, "truncated", "map of \(columns) x 3 hex positions", "\(columns * 3) patterns", "72042 bytes", "10 complete"])
            // --allow-partial reads the patterns that are there, as one line.
            let partial = try ScanIO.openReader(path, options: ReadOptions(allowPartial: true))
            XCTAssertEqual(partial.scan.count, 10)
            XCTAssertEqual(try partial.read(9).bytes, [UInt8](repeating: 9, count: 7200))
        }
    }

    func testEDAXMapBeyondSixtyFourBits() throws {
        let path = try up2("map.up2", columns: 0xffff_ffff, rows: 0xffff_ffff)
        assertRefused(
            { _ = try ScanIO.openReader(path) },
            [path, "damaged header: its map of 4294967295 x 4294967295 positions", "more than 2^63", "the file has 72042 bytes"])
        let bytes = try up2("bytes.up2", width: 0xffff, height: 0xffff, columns: 0x7fff_ffff, rows: 0x7fff_ffff)
        assertRefused({ _ = try ScanIO.openReader(bytes) }, [bytes, "damaged header", "of 65535 x 65535 uint16", "more than 2^63"])
    }

    func testEDAXPatternSizeBeyondSixtyFourBits() throws {
        var header = EDAXHeader(version: 1, width: 1, height: 1, geometry: nil).encoded()
        for offset in [4, 8] { for byte in 0..<4 { header[offset + byte] = 0xff } }
        let path = try write(header + [1, 2, 3, 4], "size.up1")
        assertRefused(
            { _ = try ScanIO.openReader(path) },
            [path, "damaged header: its 1 patterns of 4294967295 x 4294967295 uint8", "more than 2^63"])
    }

    func testNPYShapeBeyondSixtyFourBits() throws {
        let text = "{'descr': '<u2', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"
        let dict = text + String(repeating: " ", count: 117 - text.utf8.count) + "\n"
        let header: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.utf8.count), 0] + Array(dict.utf8)
        let path = try write(header + [0, 0], "shape.npy")
        assertRefused({ _ = try ScanIO.openReader(path) }, [path, "damaged header", "4294967296 patterns of 4294967296 x 4294967296 uint16"])
    }

    func testNORDIFResolutionBeyondSixtyFourBits() throws {
        let scan = folder.appendingPathComponent("nordif")
        try FileManager.default.createDirectory(at: scan, withIntermediateDirectories: true)
        let settings = "[Acquisition settings]\nResolution\t9999999999x9999999999\tpx\n[Area]\nNumber of samples\t3x2\t#\n"
        try Data(settings.utf8).write(to: scan.appendingPathComponent("Setting.txt"))
        let dat = scan.appendingPathComponent("Pattern.dat").path
        try Data(count: 600).write(to: URL(fileURLWithPath: dat))
        assertRefused({ _ = try ScanIO.openReader(dat) }, ["Setting.txt", "damaged header: its Resolution (9999999999 x 9999999999)"])
    }

    func testTIFFBitsPerSampleWithoutValue() throws {
        // The fuzzer's input, minimised: tag 258 of type SHORT with a count of 0.
        let path = TestPaths.fixture("fuzz/tiff/bits-per-sample-without-value.tif").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        assertRefused({ _ = try TIFFDecoder.decode(bytes, file: path) }, [path, "corrupt TIFF: tag 258 (bitsPerSample) holds no value"])
    }

    func testTIFFLargerThanItsFile() throws {
        // gray8_le.tif is 24 x 20; its width (a LONG or SHORT in the directory) set to 40000.
        var bytes = [UInt8](try Data(contentsOf: TestPaths.fixture("images/gray8_le.tif")))
        let directory = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let entries = Int(bytes[directory]) | Int(bytes[directory + 1]) << 8
        let widthEntry = (0..<entries).map { directory + 2 + 12 * $0 }.first { bytes[$0] == 0 && bytes[$0 + 1] == 1 }!
        bytes[widthEntry + 8] = 0x40; bytes[widthEntry + 9] = 0x9c
        let path = try write(bytes, "wide.tif")
        assertRefused(
            { _ = try TIFFDecoder.decode(bytes, file: path) },
            [path, "damaged TIFF header: 40000 x 20 8-bit pixels need 800000 bytes, more than the file's data can hold (\(bytes.count))"])
    }

    func testJPEGBeyondTheLargestPattern() throws {
        // The start-of-frame height and width of a 24 x 20 JPEG set to 65000 x 65000.
        var bytes = [UInt8](try Data(contentsOf: TestPaths.fixture("images/gray8_cv2_q95.jpg")))
        let frame = (0..<bytes.count - 1).first { bytes[$0] == 0xff && bytes[$0 + 1] == 0xc0 }!
        for offset in [5, 7] { bytes[frame + offset] = 0xfd; bytes[frame + offset + 1] = 0xe8 }
        assertRefused(
            { _ = try JPEGCodec.decode(bytes, file: "huge.jpg") },
            ["huge.jpg", "damaged JPEG header: an image of 65000 x 65000 pixels (1 to 67108864 are read)"])
    }

    func testPNGLargerThanDeflateCanExpandTo() throws {
        // The IHDR of a 24 x 20 PNG set to 1000 x 1000, with its CRC made right again: 10^6
        // pixels, more than 1032 x its 515 bytes.
        var bytes = [UInt8](try Data(contentsOf: TestPaths.fixture("images/gray8_cv2.png")))
        for offset in [16, 20] { bytes.replaceSubrange(offset..<offset + 4, with: [0, 0, 0x03, 0xe8]) }
        let crc = Self.crc32(Array(bytes[12..<29]))
        bytes.replaceSubrange(29..<33, with: (0..<4).map { UInt8(truncatingIfNeeded: crc >> (24 - 8 * $0)) })
        assertRefused(
            { _ = try PNGCodec.decode(bytes, file: "huge.png") },
            ["huge.png", "damaged PNG header: 1000 x 1000 8-bit pixels need 1000000 bytes, more than the file's data can hold (\(bytes.count * 1032))"])
    }

    func testScanJSONMapBeyondSixtyFourBits() throws {
        let images = folder.appendingPathComponent("images").path + "/"
        let scan = ScanDescription(width: 8, height: 6, count: 4, pixelType: .uint8, geometry: MapGeometry(columns: 2, rows: 2))
        let writer = try ScanIO.createWriter(images, scan: scan)
        try writer.write(PatternBatch(width: 8, height: 6, pixelType: .uint8, count: 4), at: 0)
        try writer.finish()
        let sidecar = images + "scan.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sidecar))) as! [String: Any]
        var geometry = json["geometry"] as! [String: Any]
        geometry["columns"] = 1 << 62
        geometry["rows"] = 4
        json["geometry"] = geometry
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: sidecar))
        assertRefused(
            { _ = try ScanIO.openReader(images) },
            ["scan.json", "damaged header: its map of 4611686018427387904 x 4 positions", "more than 2^63"])
    }

    func testEmptyFileReadsAsNoBytes() throws {
        let path = try write([], "empty.txt")
        XCTAssertEqual(RawFile.contents(of: path), [])
        XCTAssertNil(RawFile.contents(of: path + ".absent"))
    }

    /// The CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320).
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
