import Foundation
import KikuchiCore
import KikuchiMetrics
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// The demo's real pattern: where the sample data is looked for, and what the real Ni map's
/// section shows (when the sample data is there).
final class RealPatternDemoTests: XCTestCase {
    func testTheSampleDataIsTheFolderThatHoldsTheMap() throws {
        let empty = try TestPaths.scratchFolder("real-demo-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertNil(RealPatternDemo.sampleData(environment: ["KIKUCHI_SAMPLE_DATA": empty.path], fallback: empty.path))
        XCTAssertNil(RealPatternDemo.sampleData(environment: [:], fallback: empty.appendingPathComponent("absent").path))
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        XCTAssertEqual(RealPatternDemo.sampleData(environment: ["KIKUCHI_SAMPLE_DATA": data.path], fallback: empty.path), data.path)
        XCTAssertEqual(RealPatternDemo.sampleData(environment: ["KIKUCHI_SAMPLE_DATA": empty.path], fallback: data.path), data.path)
    }

    func testTheRealMapIsShownBeforeAndAfterWithItsBandFigures() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let folder = try TestPaths.scratchFolder("real-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let results = try RealPatternDemo(dataFolder: data.path).run(into: folder.path)
        XCTAssertEqual(results.first?.method, .regions)
        for result in results {
            // Averaging nine real patterns removes noise (below 1) but keeps the bands (well above 0).
            XCTAssertGreaterThan(result.bandNCC, 0.7, "\(result.method)")
            XCTAssertLessThan(result.bandNCC, 0.999, "\(result.method)")
        }
        let picture = try Data(contentsOf: folder.appendingPathComponent("real-patterns.png"))
        XCTAssertEqual(Array(picture.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertFalse(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.hasPrefix(".real-") }, "no temporary left")
        let html = RealPatternDemo.html(results)
        XCTAssertTrue(html.contains("real-patterns.png"))
        XCTAssertTrue(html.contains(String(format: "regions %.3f", results[0].bandNCC)), html)
    }

    /// The verdict on the real map: every output indexed against EMsoft's Ni master, ranked by the
    /// raw-pattern fit, and the autoencoder's bandless blob (which image quality ranks first)
    /// explains the raw patterns worse than the raw patterns' own orientations.
    func testTheRealMapIsRankedByTheRawPatternFit() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let folder = try TestPaths.scratchFolder("real-verdict")
        defer { try? FileManager.default.removeItem(at: folder) }
        var methods: [DenoiserMethod] = [.raw, .regions]
        if BundledModel.autoencoder.path != nil { methods.append(.autoencoder) }
        let scores = try RealPatternDemo(dataFolder: data.path).verdict(
            into: folder.appendingPathComponent("real-ni").path, methods: methods, resolution: 4)
        XCTAssertEqual(Set(scores.map(\.name)), Set(methods.map(\.rawValue)))
        let fits = try scores.map { try XCTUnwrap(MethodScores.mean($0.rawFit), $0.name) }
        XCTAssertEqual(fits, fits.sorted(by: >), "ranked best first")
        let fit = Dictionary(uniqueKeysWithValues: zip(scores.map(\.name), fits))
        XCTAssertGreaterThan(fit["raw"]!, 0.1, "the raw patterns are indexed, not matched at random")
        if let blob = fit["autoencoder"] {
            let quality = Dictionary(uniqueKeysWithValues: scores.map { ($0.name, MethodScores.mean($0.imageQuality) ?? 0) })
            XCTAssertGreaterThan(quality["autoencoder"]!, quality["raw"]!, "image quality rewards the blob")
            XCTAssertLessThan(blob, fit["raw"]!, "the raw-pattern fit does not")
        }
        let html = RealPatternDemo.verdictHTML(scores, folder: "real-ni")
        XCTAssertTrue(html.contains("ranked by the <em>raw-pattern fit</em>"), html)
        XCTAssertTrue(html.contains("real-ni/report.html"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("real-ni/maps/ipf-z_raw.png").path))
    }
}
