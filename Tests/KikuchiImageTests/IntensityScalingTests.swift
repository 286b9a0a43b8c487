import KikuchiImage
import XCTest

/// IntensityScaling against kikuchipy's rescale_intensity and normalize_intensity, and NumPy's percentile.
final class IntensityScalingTests: XCTestCase {
    func testEveryCaseMatchesKikuchipy() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertEqual(Set(fixtures.scaling.map(\.kind)), ["minmax", "percentiles", "normalize"])
        for item in fixtures.scaling {
            let image = try fixtures.inputFloat(item.input)
            let ours: Image<Float>
            switch item.kind {
            case "minmax":
                ours = IntensityScaling.rescale(image, to: 0...1)
            case "percentiles":
                let p = try XCTUnwrap(item.percentiles)
                ours = try IntensityScaling.rescale(image, to: 0...1, percentiles: p[0], p[1])
                let values = try XCTUnwrap(item.percentileValues)
                XCTAssertEqual(IntensityScaling.percentile(p[0], of: image.pixels), values[0], accuracy: 1e-7)
                XCTAssertEqual(IntensityScaling.percentile(p[1], of: image.pixels), values[1], accuracy: 1e-7)
            default:
                ours = IntensityScaling.normalize(image)
            }
            let comparison = Comparison(
                ours.pixels.map(Double.init), width: ours.width,
                expected: try ImageFixtures.array(item.expected).float32Values.map(Double.init), rows: nil)
            XCTAssertLessThanOrEqual(comparison.maximum, item.tolerance, "\(item.kind): off by \(comparison.maximum) at \(comparison.at)")
        }
    }

    func testExplicitInputRangeClipsAndMaps() throws {
        let image = try Image<Float>(width: 4, height: 1, pixels: [-5, 10, 15, 40])
        XCTAssertEqual(IntensityScaling.rescale(image, to: -1...1, from: 10...30).pixels, [-1, -1, -0.5, 1])
    }

    func testFlatImagesGiveTheLowerBoundAndZeros() throws {
        let image = try Image<Float>(width: 2, height: 2, repeating: 3)
        XCTAssertEqual(IntensityScaling.rescale(image, to: 2...5).pixels, [2, 2, 2, 2])
        XCTAssertEqual(IntensityScaling.normalize(image).pixels, [0, 0, 0, 0])
    }

    func testInvalidPercentilesAreRefusedWithTheirMessage() throws {
        let image = try Image<Float>(width: 2, height: 1, pixels: [0, 1])
        XCTAssertThrowsError(try IntensityScaling.rescale(image, percentiles: 90, 10)) { error in
            XCTAssertEqual("\(error)", "percentiles 90.0, 10.0 are invalid: they must satisfy 0 <= low <= high <= 100")
        }
        XCTAssertThrowsError(try IntensityScaling.rescale(image, percentiles: -1, 10)) { error in
            XCTAssertEqual("\(error)", "percentiles -1.0, 10.0 are invalid: they must satisfy 0 <= low <= high <= 100")
        }
    }
}
