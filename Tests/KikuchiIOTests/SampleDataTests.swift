import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// The nine Ni patterns of kikuchipy's test data, read from each file kind that holds them.
final class SampleDataTests: XCTestCase {
    private func sample(_ relative: String) throws -> String {
        guard let folder = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        return folder.appendingPathComponent(relative).path
    }

    /// The reference: the raw bytes after the 16-byte header of the UP1 file, read without kikuchi.
    private func referenceNickel() throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try sample("kikuchipy/edax_binary/edax_binary.up1")))
        XCTAssertEqual(data.count, 16 + 9 * 60 * 60)
        return data.dropFirst(16).map(Double.init)
    }

    func testUP1HoldsNineNickelPatternsInOneRow() throws {
        let reader = try EDAXBinaryReader(path: try sample("kikuchipy/edax_binary/edax_binary.up1"))
        XCTAssertEqual(reader.header.version, 1)
        XCTAssertEqual(reader.scan.count, 9)
        XCTAssertEqual(reader.scan.width, 60)
        XCTAssertEqual(reader.scan.height, 60)
        XCTAssertEqual(reader.scan.pixelType, .uint8)
        XCTAssertEqual(reader.scan.geometry, .line(of: 9))
        XCTAssertEqual(try reader.read(0..<9).values(), try referenceNickel())
    }

    func testUP2HexMapWithExtraPatternsHoldsTheSameNinePatterns() throws {
        let reader = try EDAXBinaryReader(path: try sample("kikuchipy/edax_binary/edax_binary.up2"))
        XCTAssertEqual(reader.header.version, 3)
        XCTAssertEqual(reader.scan.pixelType, .uint16)
        XCTAssertEqual(reader.scan.count, 9)
        let geometry = reader.scan.geometry
        XCTAssertEqual(geometry.columns, 3)
        XCTAssertEqual(geometry.rows, 3)
        XCTAssertEqual(geometry.grid, .hex)
        XCTAssertTrue(geometry.hexRowsFull)
        XCTAssertEqual(geometry.stepX, Double.pi, accuracy: 1e-12)
        XCTAssertEqual(geometry.stepY, Double.pi / 2, accuracy: 1e-12)
        // The file carries a tenth, all-zero pattern beyond its map.
        XCTAssertEqual(reader.scan.details["trailingPatterns"], "1")
        XCTAssertEqual(try reader.read(0..<9).values(), try referenceNickel())
    }

    func testRandomAccessReadsMatchTheWholeScan() throws {
        let reader = try EDAXBinaryReader(path: try sample("kikuchipy/edax_binary/edax_binary.up2"))
        let all = try reader.read(0..<9)
        XCTAssertEqual(try reader.read(4..<7), all.slice(4..<7))
        XCTAssertEqual(try reader.read(8), all.slice(8..<9))
    }

    func testNORDIFHoldsTheSameNinePatternsOnAThreeByThreeMap() throws {
        let reader = try NORDIFReader(path: try sample("kikuchipy/nordif/Pattern.dat"))
        XCTAssertEqual(reader.scan.pixelType, .uint8)
        XCTAssertEqual([reader.scan.width, reader.scan.height, reader.scan.count], [60, 60, 9])
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 3, rows: 3, stepX: 1.5, stepY: 1.5))
        XCTAssertEqual(try reader.read(0..<9).values(), try referenceNickel())
    }

    func testNORDIFWithoutItsSettingsIsRefused() throws {
        let folder = try TestPaths.scratchFolder("nordif")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("Pattern.dat")
        try FileManager.default.copyItem(atPath: try sample("kikuchipy/nordif/Pattern.dat"), toPath: copy.path)
        XCTAssertThrowsError(try NORDIFReader(path: copy.path)) { error in
            XCTAssertTrue("\(error)".contains("Setting.txt"), "\(error)")
        }
    }
}
