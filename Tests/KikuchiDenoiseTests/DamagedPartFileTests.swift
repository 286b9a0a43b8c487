import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// A part file whose manifest contradicts itself (found by fuzz/) is refused with one line,
/// where `start > end` used to trap building the part's range.
final class DamagedPartFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-damaged-part") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A part of a 6-pattern scan whose manifest's fields are replaced by `changes`.
    private func part(_ name: String, _ changes: [String: Any]) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let scan = ScanDescription(width: 8, height: 6, count: 6, pixelType: .float32, geometry: MapGeometry(columns: 3, rows: 2))
        let manifest = ScanPartManifest(
            scan: scan, inputPixelType: .uint16, encoding: OutputEncoding(),
            shard: Shard(index: 1, count: 1)!, identity: "test")
        var fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(manifest)) as! [String: Any]
        for (key, value) in changes { fields[key] = value }
        let json = [UInt8](try JSONSerialization.data(withJSONObject: fields))
        var bytes = Array("KIKPART1".utf8)
        withUnsafeBytes(of: UInt64(4096).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += json + [UInt8](repeating: 0, count: 4096 - 16 - json.count) + [UInt8](repeating: 0, count: 6 * 48 * 4)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    func testStartAfterEndIsRefused() throws {
        let path = try part("backwards.kpart", ["start": 5, "end": 2])
        XCTAssertEqual(
            message { _ = try ScanPart(opening: path) },
            "\(path): damaged part file: its manifest puts patterns 5 ..< 2 in a scan of 6 patterns of 8 x 6")
    }

    func testPatternSizeBeyondSixtyFourBitsIsRefused() throws {
        var scan =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(
                    ScanDescription(width: 8, height: 6, count: 6, pixelType: .float32))) as! [String: Any]
        scan["width"] = 1 << 40
        scan["height"] = 1 << 40
        let path = try part("huge.kpart", ["scan": scan])
        XCTAssertTrue(message { _ = try ScanPart(opening: path) }.hasPrefix("\(path): damaged header: its 6 patterns of 1099511627776 x 1099511627776 float32"))
    }

    func testTheSamePartUndamagedOpens() throws {
        let path = try part("good.kpart", [:])
        let opened = try ScanPart(opening: path)
        XCTAssertEqual(opened.manifest.range, 0..<6)
        XCTAssertTrue(opened.hasAllBytes)
    }
}
