import XCTest

@testable import KikuchiImage

/// GaussianBlur against scipy.ndimage.gaussian_filter(truncate=4, mode="reflect").
final class GaussianBlurTests: XCTestCase {
    func testEveryCaseMatchesSciPy() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertGreaterThanOrEqual(fixtures.gaussian.count, 4)
        for item in fixtures.gaussian {
            let image = try fixtures.inputFloat(item.input)
            let ours = try GaussianBlur(sigma: item.sigma).apply(image)
            let comparison = Comparison(
                ours.pixels.map(Double.init), width: ours.width,
                expected: try ImageFixtures.array(item.expected).float32Values.map(Double.init),
                rows: item.rows)
            XCTAssertLessThanOrEqual(
                comparison.maximum, item.tolerance,
                "\(item.input) sigma \(item.sigma): off by \(comparison.maximum) at \(comparison.at)")
        }
    }

    func testKernelRadiusAndWeights() throws {
        let blur = try GaussianBlur(sigma: 1.5)
        XCTAssertEqual(blur.radius, 6)  // Int(4 * 1.5 + 0.5)
        XCTAssertEqual(blur.weights[0] + 2 * blur.weights.dropFirst().reduce(0, +), 1, accuracy: 1e-15)
        XCTAssertEqual(blur.weights[1] / blur.weights[0], exp(-1 / (2 * 1.5 * 1.5)), accuracy: 1e-15)
    }

    func testZeroSigmaLeavesTheImageUnchanged() throws {
        let image = try Image<Float>(width: 3, height: 2, pixels: [1, 5, 2, 8, 3, 4])
        XCTAssertEqual(try GaussianBlur(sigma: 0).apply(image), image)
    }

    func testReflectModeRepeatsTheEdgeSample() {
        XCTAssertEqual((-4...6).map { GaussianBlur.reflect($0, count: 3) }, [2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0])
    }

    func testInvalidParametersAreRefusedWithTheirMessage() {
        XCTAssertThrowsError(try GaussianBlur(sigma: -1)) { error in
            XCTAssertEqual("\(error)", "Gaussian sigma -1.0 is invalid: it must be a finite number of at least 0")
        }
        XCTAssertThrowsError(try GaussianBlur(sigma: 2, truncate: .infinity)) { error in
            XCTAssertEqual("\(error)", "Gaussian truncate inf is invalid: it must be a finite number of at least 0")
        }
    }
}
