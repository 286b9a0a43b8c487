import XCTest

@testable import KikuchiImage

/// CLAHE against cv2.createCLAHE (OpenCV 5.0) on the committed fixtures.
final class CLAHETests: XCTestCase {
    func testEveryCaseMatchesOpenCV() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertGreaterThanOrEqual(fixtures.clahe.count, 18)
        for item in fixtures.clahe {
            let label = "\(item.input) clip \(item.clipLimit) tiles \(item.tiles) \(item.dtype)"
            let clahe = try CLAHE(clipLimit: item.clipLimit, tiles: item.tiles)
            let expected = try ImageFixtures.array(item.expected)
            let comparison: Comparison
            if item.dtype == "uint8" {
                let ours = clahe.apply(try fixtures.input8(item.input))
                comparison = Comparison(
                    ours.pixels.map(Double.init), width: ours.width,
                    expected: expected.uint8Values.map(Double.init), rows: item.rows)
            } else {
                let ours = try clahe.apply(try fixtures.input16(item.input))
                comparison = Comparison(
                    ours.pixels.map(Double.init), width: ours.width,
                    expected: expected.uint16Values.map(Double.init), rows: item.rows)
            }
            XCTAssertLessThanOrEqual(
                comparison.maximum, item.tolerance,
                "\(label): off by \(comparison.maximum) at \(comparison.at), \(comparison.differing) pixels differ")
        }
    }

    /// With 256 bins a 16-bit pattern holding v * 257 is equalised like the 8-bit pattern v by OpenCV:
    /// the LUTs differ only by rounding to 0...65535 instead of 0...255 (at most 128.5 in 16-bit
    /// units) and the final rounding (at most 0.5 * 257), so |ours - 257 * OpenCV8| <= 257.
    func testFewerBinsBehaveLikeEightBitCLAHE() throws {
        let fixtures = try ImageFixtures.load()
        var compared = 0
        for item in fixtures.clahe where item.dtype == "uint8" && item.rows == nil {
            let narrow = try fixtures.input8(item.input)
            let wide = try Image<UInt16>(width: narrow.width, height: narrow.height, pixels: narrow.pixels.map { UInt16($0) * 257 })
            let ours = try CLAHE(clipLimit: item.clipLimit, tiles: item.tiles).apply(wide, bins: 256)
            let openCV = try ImageFixtures.array(item.expected).uint8Values
            let worst = zip(ours.pixels, openCV).map { abs(Int($0) - 257 * Int($1)) }.max()!
            XCTAssertLessThanOrEqual(worst, 257, "\(item.input) clip \(item.clipLimit) tiles \(item.tiles)")
            compared += 1
        }
        XCTAssertGreaterThanOrEqual(compared, 5)
    }

    /// The reason for the bins option: OpenCV's 65536-bin CLAHE barely raises the contrast of the same
    /// pattern, while 256 bins raise it as 8-bit CLAHE does.
    func testSixteenBitWithAllBinsEnhancesFarLessThanWithEightBitBins() throws {
        let fixtures = try ImageFixtures.load()
        let narrow = try fixtures.input8("pattern240")
        let wide = try Image<UInt16>(width: 240, height: 240, pixels: narrow.pixels.map { UInt16($0) * 257 })
        let clahe = try CLAHE(clipLimit: 3, tiles: 8)
        func deviation(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        }
        let input = deviation(wide.pixels.map(Double.init))
        let allBins = deviation(try clahe.apply(wide).pixels.map(Double.init))
        let eightBitBins = deviation(try clahe.apply(wide, bins: 256).pixels.map(Double.init))
        XCTAssertLessThan(allBins, 1.3 * input)
        XCTAssertGreaterThan(eightBitBins, 1.5 * allBins)
    }

    func testWithoutClippingItIsPlainAdaptiveEqualisation() throws {
        // One tile, no clip: the LUT is round(cdf * 255 / n). Values 0, 0, 100, 200 give cdf 2, 2, 3, 4.
        let image = try Image<UInt8>(width: 2, height: 2, pixels: [0, 0, 100, 200])
        let result = try CLAHE(clipLimit: 0, tiles: 1).apply(image)
        XCTAssertEqual(result.pixels, [128, 128, 191, 255])
    }

    func testReflect101RepeatsForLongExtensions() {
        XCTAssertEqual((-3...7).map { CLAHE.reflect101($0, count: 3) }, [1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1])
        XCTAssertEqual(CLAHE.reflect101(5, count: 1), 0)
    }

    func testInvalidParametersAreRefusedWithTheirMessage() throws {
        XCTAssertThrowsError(try CLAHE(clipLimit: 3, tiles: 0)) { error in
            XCTAssertEqual("\(error)", "CLAHE tile grid 0x0 is invalid: at least one tile per side is needed")
        }
        XCTAssertThrowsError(try CLAHE(clipLimit: .nan, tilesX: 8, tilesY: 8)) { error in
            XCTAssertEqual("\(error)", "CLAHE clip limit nan is not a finite number")
        }
        let clahe = try CLAHE(clipLimit: 3, tiles: 8)
        let image = try Image<UInt16>(width: 16, height: 16)
        for bins in [0, 1, 300, 131072] {
            XCTAssertThrowsError(try clahe.apply(image, bins: bins)) { error in
                XCTAssertEqual("\(error)", "CLAHE bins \(bins) is invalid: use a power of two from 2 to 65536")
            }
        }
    }
}
