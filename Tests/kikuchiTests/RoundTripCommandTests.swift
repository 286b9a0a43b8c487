import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// unpack, repack and convert through the command line, checked byte for byte.
final class RoundTripCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("cli") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func kikuchi(_ arguments: String...) throws {
        let result = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, "kikuchi \(arguments.joined(separator: " ")): \(result.standardError)")
    }

    private func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    private func assertUnpackRepackIdentical(_ name: String, _ batch: PatternBatch, geometry: MapGeometry?, depth: String) throws {
        try SyntheticPatterns.write(batch, to: path(name), geometry: geometry)
        try kikuchi("unpack", path(name), path("\(name)-png"), "--depth", depth)
        let sidecar = try XCTUnwrap(try ScanSidecar.load(fromFolder: path("\(name)-png")))
        XCTAssertEqual(sidecar.count, batch.count)
        let ext = (name as NSString).pathExtension
        try kikuchi("repack", path("\(name)-png"), path("back.\(ext)"))
        XCTAssertEqual(try bytes("back.\(ext)"), try bytes(name), "\(name) through \(depth)-bit PNG")
    }

    func testUP2Version3SquareThroughPNG16IsByteIdentical() throws {
        let batch = SyntheticPatterns.batch(width: 24, height: 20, count: 12, pixelType: .uint16)
        try assertUnpackRepackIdentical("square.up2", batch, geometry: MapGeometry(columns: 4, rows: 3, stepX: 0.1, stepY: 0.1), depth: "16")
    }

    func testUP2HexThroughPNG16IsByteIdentical() throws {
        let batch = SyntheticPatterns.batch(width: 16, height: 16, count: 18, pixelType: .uint16)
        try assertUnpackRepackIdentical("hex.up2", batch, geometry: MapGeometry(columns: 5, rows: 4, stepX: 0.2, stepY: 0.173, grid: .hex), depth: "16")
    }

    func testUP1Version1ThroughPNG16IsByteIdentical() throws {
        // A version 1 header (16 bytes, no map), as kikuchipy's test file and old OIM versions write.
        let batch = SyntheticPatterns.batch(width: 10, height: 8, count: 5, pixelType: .uint8)
        var header = [UInt8](repeating: 0, count: 16)
        for (i, v) in [UInt32(1), 10, 8, 16].enumerated() {
            for b in 0..<4 { header[4 * i + b] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(b))) }
        }
        try (Data(header) + Data(batch.bytes)).write(to: URL(fileURLWithPath: path("v1.up1")))
        try kikuchi("unpack", path("v1.up1"), path("v1-png"), "--depth", "16")
        try kikuchi("repack", path("v1-png"), path("back.up1"))
        XCTAssertEqual(try bytes("back.up1"), try bytes("v1.up1"))
    }

    func testUP2WithValuesBeyond8BitsThroughPNG8RestoresTheRange() throws {
        // 8-bit storage of 12-bit data maps the scan's range onto 0..255; repack maps it back
        // within half a step of that map.
        let batch = SyntheticPatterns.batch(width: 12, height: 12, count: 6, pixelType: .uint16)
        try SyntheticPatterns.write(batch, to: path("deep.up2"), geometry: MapGeometry(columns: 3, rows: 2))
        try kikuchi("unpack", path("deep.up2"), path("deep-png8"), "--depth", "8")
        let sidecar = try XCTUnwrap(try ScanSidecar.load(fromFolder: path("deep-png8")))
        let mapping = try XCTUnwrap(sidecar.intensity)
        try kikuchi("repack", path("deep-png8"), path("back.up2"))
        let back = try EDAXBinaryReader(path: path("back.up2"))
        XCTAssertEqual(back.scan.geometry, MapGeometry(columns: 3, rows: 2))
        let original = batch.values(), restored = try back.read(0..<6).values()
        let worst = zip(original, restored).map { abs($0 - $1) }.max()!
        XCTAssertLessThanOrEqual(worst, mapping.scale / 2 + 0.5)
        XCTAssertGreaterThan(mapping.scale, 1, "12-bit values need a map to fit 8 bits")
    }

    func testUP2ThroughJPEGIsWithinJPEGError() throws {
        let batch = SyntheticPatterns.batch(width: 60, height: 60, count: 4, pixelType: .uint8)
        try SyntheticPatterns.write(batch, to: path("scan.up1"), geometry: MapGeometry(columns: 2, rows: 2, stepX: 1.5, stepY: 1.5))
        try kikuchi("unpack", path("scan.up1"), path("jpegs"), "--format", "jpeg", "--quality", "95")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("jpegs/3.jpg")))
        try kikuchi("repack", path("jpegs"), path("back.up1"))
        let back = try EDAXBinaryReader(path: path("back.up1"))
        XCTAssertEqual(back.scan.geometry, MapGeometry(columns: 2, rows: 2, stepX: 1.5, stepY: 1.5))
        let differences = zip(batch.values(), try back.read(0..<4).values()).map { abs($0 - $1) }
        let meanError = differences.reduce(0, +) / Double(differences.count)
        XCTAssertLessThan(meanError, 2.0, "JPEG at quality 95 stays within a couple of grey levels on average")
        XCTAssertLessThan(differences.max()!, 24)
    }

    func testRepackWithExplicitGeometryAndLike() throws {
        let batch = SyntheticPatterns.batch(width: 8, height: 8, count: 6, pixelType: .uint16)
        try SyntheticPatterns.write(batch, to: path("a.npy"))
        try kikuchi("unpack", path("a.npy"), path("loose"))
        try FileManager.default.removeItem(atPath: path("loose/scan.json"))
        try kikuchi("repack", path("loose"), path("grid.up2"), "--columns", "3", "--rows", "2", "--step-x", "0.5", "--step-y", "0.5")
        let reader = try EDAXBinaryReader(path: path("grid.up2"))
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 3, rows: 2, stepX: 0.5, stepY: 0.5))
        XCTAssertEqual(try reader.read(0..<6), batch)
        try kikuchi("repack", path("loose"), path("like.up2"), "--like", path("grid.up2"))
        XCTAssertEqual(try bytes("like.up2"), try bytes("grid.up2"))
    }

    func testConvertBetweenKindsKeepsPixels() throws {
        let batch = SyntheticPatterns.batch(width: 9, height: 7, count: 6, pixelType: .uint16)
        try SyntheticPatterns.write(batch, to: path("s.up2"), geometry: MapGeometry(columns: 3, rows: 2, stepX: 2, stepY: 3))
        try kikuchi("convert", path("s.up2"), path("s.npy"))
        XCTAssertEqual(try NPYReader(path: path("s.npy")).read(0..<6), batch)
        try kikuchi("convert", path("s.npy"), path("s2.up2"))
        XCTAssertEqual(try EDAXBinaryReader(path: path("s2.up2")).read(0..<6), batch)
    }

    func testInfoReportsTheHeader() throws {
        let batch = SyntheticPatterns.batch(width: 9, height: 7, count: 18, pixelType: .uint16)
        try SyntheticPatterns.write(batch, to: path("h.up2"), geometry: MapGeometry(columns: 5, rows: 4, stepX: 2, stepY: 3, grid: .hex))
        let result = try CommandRunner.run(["info", path("h.up2"), "--json"])
        XCTAssertEqual(result.status, 0)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(json["count"] as? Int, 18)
        XCTAssertEqual(json["width"] as? Int, 9)
        XCTAssertEqual(json["height"] as? Int, 7)
        XCTAssertEqual(json["columns"] as? Int, 5)
        XCTAssertEqual(json["rows"] as? Int, 4)
        XCTAssertEqual(json["grid"] as? String, "hex")
        XCTAssertEqual(json["dtype"] as? String, "uint16")
        XCTAssertEqual(json["headerVersion"] as? String, "3")
        let text = try CommandRunner.run(["info", path("h.up2")]).standardOutput
        XCTAssertTrue(text.contains("18 of 9 x 7 pixels, uint16"), text)
    }

    func testUP2ThroughH5EBSDIsByteIdentical() throws {
        for (name, geometry, count) in [
            ("sq", MapGeometry(columns: 4, rows: 3, stepX: 0.5, stepY: 0.5), 12),
            ("hx", MapGeometry(columns: 5, rows: 4, stepX: 0.3, stepY: 0.26, grid: .hex), 18)
        ] {
            let batch = SyntheticPatterns.batch(width: 20, height: 16, count: count, pixelType: .uint16)
            try SyntheticPatterns.write(batch, to: path("\(name).up2"), geometry: geometry)
            try kikuchi("convert", path("\(name).up2"), path("\(name).h5"))
            try kikuchi("convert", path("\(name).h5"), path("\(name)-back.up2"))
            XCTAssertEqual(try bytes("\(name)-back.up2"), try bytes("\(name).up2"), "\(name) through h5ebsd")
        }
    }
}
