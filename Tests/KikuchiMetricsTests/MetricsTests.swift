import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

@testable import KikuchiMetrics

/// The quality figures against scikit-image and kikuchipy (Tests/Fixtures/metrics/make_fixtures.py).
final class MetricsTests: XCTestCase {
    private struct Expected: Decodable {
        var psnr: [Double], ssim: [Double], ncc: [Double], iq: [Double], adp: [Double]
    }

    private func fixture(_ name: String) -> String { TestPaths.fixture("metrics/\(name)").path }

    private func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixture("metrics.json"))))
    }

    private func pairs() throws -> [(truth: [Double], test: [Double])] {
        let truth = try NPYReader(path: fixture("truth.npy")).read(0..<3)
        let test = try NPYReader(path: fixture("test.npy")).read(0..<3)
        return (0..<3).map { (truth.floats(of: $0).map(Double.init), test.floats(of: $0).map(Double.init)) }
    }

    func testPSNRSSIMAndNCCEqualScikitImageAndNumpy() throws {
        let want = try expected()
        let ssim = StructuralSimilarity()
        for (index, pair) in try pairs().enumerated() {
            let truth = PatternComparison.minMaxNormalized(pair.truth), test = PatternComparison.minMaxNormalized(pair.test)
            XCTAssertEqual(PatternComparison.peakSignalToNoise(test, truth: truth), want.psnr[index], accuracy: 1e-4)
            XCTAssertEqual(ssim(test, truth, width: 40, height: 33), want.ssim[index], accuracy: 1e-5)
            XCTAssertEqual(PatternComparison.normalizedCrossCorrelation(pair.test, pair.truth), want.ncc[index], accuracy: 1e-6)
        }
        XCTAssertEqual(PatternComparison.peakSignalToNoise([0, 1], truth: [0, 1]), .infinity)
    }

    func testImageQualityEqualsKikuchipy() throws {
        let want = try expected()
        let quality = ImageQuality(width: 40, height: 33)
        for (index, pair) in try pairs().enumerated() {
            XCTAssertEqual(quality(pair.test), want.iq[index], accuracy: 1e-4)
        }
        XCTAssertEqual(ImageQuality.frequencies(4), [1, 2, -2, -1])
        XCTAssertEqual(ImageQuality.frequencies(5), [1, 2, -3, -2, -1])
    }

    func testAverageNeighbourDotProductsEqualKikuchipy() throws {
        let want = try expected()
        let npy = try NPYReader(path: fixture("map.npy"))
        let scan = npy.scan
        // The same patterns with the 4 x 3 map geometry.
        let folder = try TestPaths.scratchFolder("metrics")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("map.up2").path
        try SyntheticPatterns.write(try npy.read(0..<scan.count), to: path, geometry: MapGeometry(columns: 4, rows: 3))
        let map = try NeighbourDotProducts.map(of: try ScanIO.openReader(path))
        XCTAssertEqual(map.count, 12)
        for (got, expected) in zip(map, want.adp) { XCTAssertEqual(got, expected, accuracy: 1e-5) }
    }
}
