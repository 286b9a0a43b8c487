import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

final class NPYTests: XCTestCase {
    private func fixture(_ name: String) -> String { TestPaths.fixture("npy/\(name)").path }

    private func raw(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(name))))
    }

    func testReadsArraysWrittenByNumPy() throws {
        let u8 = try NPYReader(path: fixture("u8_2x3x4.npy"))
        XCTAssertEqual([u8.scan.count, u8.scan.height, u8.scan.width], [2, 3, 4])
        XCTAssertEqual(u8.scan.pixelType, .uint8)
        XCTAssertEqual(try u8.read(0..<2).bytes, try raw("u8_2x3x4.raw"))

        let u16 = try NPYReader(path: fixture("u16_2x3x4x1.npy"))
        XCTAssertEqual([u16.scan.count, u16.scan.height, u16.scan.width], [2, 3, 4])
        XCTAssertEqual(u16.scan.pixelType, .uint16)
        XCTAssertEqual(try u16.read(0..<2).bytes, try raw("u16_2x3x4x1.raw"))

        let single = try NPYReader(path: fixture("f32_3x5.npy"))
        XCTAssertEqual([single.scan.count, single.scan.height, single.scan.width], [1, 3, 5])
        XCTAssertEqual(try single.read(0).bytes, try raw("f32_3x5.raw"))
    }

    func testRefusesTypesItCannotHold() {
        for (name, fragment) in [("big_endian_u16.npy", "'>u2'"), ("f64.npy", "'<f8'")] {
            XCTAssertThrowsError(try NPYReader(path: fixture(name))) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(error)")
                XCTAssertTrue("\(error)".contains(name), "the message names the file: \(error)")
            }
        }
    }

    func testRoundTripKeepsEveryType() throws {
        let folder = try TestPaths.scratchFolder("npy")
        defer { try? FileManager.default.removeItem(at: folder) }
        for type in PixelType.allCases {
            let batch = SyntheticPatterns.batch(width: 7, height: 3, count: 5, pixelType: type)
            let file = folder.appendingPathComponent("\(type).npy").path
            try SyntheticPatterns.write(batch, to: file)
            let reader = try NPYReader(path: file)
            XCTAssertEqual(reader.header.dataOffset % 64, 0, "data aligned as NumPy writes it")
            XCTAssertEqual(try reader.read(0..<5), batch)
        }
    }

    func testHeaderMatchesNumPysOwnBytes() throws {
        // NumPy 1.0 header for a (2, 3, 4) uint8 array, as np.save wrote the fixture.
        let numpy = try raw("u8_2x3x4.npy")
        let ours = NPYHeader(pixelType: .uint8, shape: [2, 3, 4]).encoded()
        XCTAssertEqual(String(decoding: ours, as: UTF8.self), String(decoding: numpy.prefix(ours.count), as: UTF8.self))
    }

    func testTruncatedArrayIsRefused() throws {
        let folder = try TestPaths.scratchFolder("npy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cut.npy")
        try Data(try raw("u16_2x3x4x1.npy").dropLast(5)).write(to: file)
        XCTAssertThrowsError(try NPYReader(path: file.path)) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
        XCTAssertEqual(try NPYReader(path: file.path, options: ReadOptions(allowPartial: true)).scan.count, 1)
    }
}
