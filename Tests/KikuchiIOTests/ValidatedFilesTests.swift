import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Files that PyEBSDIndex and kikuchipy read with equal pixels (Tests/Fixtures/validated/
/// validate_written_files.py checked them): kikuchi must still write exactly these bytes.
final class ValidatedFilesTests: XCTestCase {
    private func writeReference(as name: String) throws -> (written: Data, validated: Data) {
        let folder = try TestPaths.scratchFolder("validated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reader = try ScanIO.openReader(TestPaths.fixture("validated/reference.npy").path)
        var options = TranscodeOptions()
        options.geometry = MapGeometry(columns: 3, rows: 2, stepX: 1.5, stepY: 2.0)
        let output = folder.appendingPathComponent(name).path
        try ScanTranscoder.transcode(reader, to: output, options: options)
        return (
            try Data(contentsOf: URL(fileURLWithPath: output)),
            try Data(contentsOf: TestPaths.fixture("validated/\(name)"))
        )
    }

    func testUP2MatchesTheFileThePythonReadersValidated() throws {
        let (written, validated) = try writeReference(as: "kikuchi_3x2.up2")
        XCTAssertEqual(written, validated)
    }
}
