import KikuchiImage
import XCTest

/// ResizePlan against cv2.resize (OpenCV 5.0) on the committed fixtures.
final class ResizeFixtureTests: XCTestCase {
    func testEveryResizeCaseMatchesOpenCV() throws {
        let fixtures = try ImageFixtures.load()
        XCTAssertGreaterThanOrEqual(fixtures.resize.count, 30)
        for item in fixtures.resize {
            let label = "\(item.input) -> \(item.width)x\(item.height) \(item.interpolation) \(item.dtype)"
            let interpolation = try XCTUnwrap(ResizePlan.Interpolation(rawValue: item.interpolation))
            let expected = try ImageFixtures.array(item.expected)
            let ours: [Double]
            let reference: [Double]
            switch item.dtype {
            case "uint8":
                ours = try fixtures.input8(item.input).resized(width: item.width, height: item.height, interpolation: interpolation).pixels.map(Double.init)
                reference = expected.uint8Values.map(Double.init)
            case "uint16":
                ours = try fixtures.input16(item.input).resized(width: item.width, height: item.height, interpolation: interpolation).pixels.map(Double.init)
                reference = expected.uint16Values.map(Double.init)
            default:
                ours = try fixtures.inputFloat(item.input).resized(width: item.width, height: item.height, interpolation: interpolation).pixels.map(Double.init)
                reference = expected.float32Values.map(Double.init)
            }
            let comparison = Comparison(ours, width: item.width, expected: reference, rows: item.rows)
            XCTAssertLessThanOrEqual(
                comparison.maximum, item.tolerance,
                "\(label): off by \(comparison.maximum) at \(comparison.at), \(comparison.differing) pixels differ")
        }
    }

    /// OpenCV's 8-bit INTER_LINEAR arithmetic is reproduced, not approximated: every 8-bit linear case
    /// and the integer / weighted area shrinks agree to the level.
    func testEightBitResultsAreIdenticalToOpenCV() throws {
        let fixtures = try ImageFixtures.load()
        for item in fixtures.resize where item.dtype == "uint8" {
            let interpolation = try XCTUnwrap(ResizePlan.Interpolation(rawValue: item.interpolation))
            let ours = try fixtures.input8(item.input).resized(width: item.width, height: item.height, interpolation: interpolation)
            let comparison = Comparison(
                ours.pixels.map(Double.init), width: item.width,
                expected: try ImageFixtures.array(item.expected).uint8Values.map(Double.init), rows: item.rows)
            XCTAssertEqual(comparison.differing, 0, "\(item.input) -> \(item.width)x\(item.height) \(item.interpolation)")
        }
    }

    func testApplyIntoReusesTheTargetAndGivesTheSameResult() throws {
        let fixtures = try ImageFixtures.load()
        let image = try fixtures.input8("pattern240")
        let plan = try ResizePlan(sourceWidth: 240, sourceHeight: 240, targetWidth: 236, targetHeight: 236, interpolation: .linear)
        var target = try Image<UInt8>(width: 236, height: 236, repeating: 7)
        try plan.apply(image, into: &target)
        XCTAssertEqual(target, try plan.apply(image))
    }

    func testSameSizeCopies() throws {
        let image = try Image<Float>(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])
        for interpolation in ResizePlan.Interpolation.allCases {
            XCTAssertEqual(try image.resized(width: 3, height: 2, interpolation: interpolation), image)
        }
    }

    func testInvalidSizesAreRefusedWithTheirMessage() {
        XCTAssertThrowsError(try ResizePlan(sourceWidth: 0, sourceHeight: 5, targetWidth: 2, targetHeight: 2, interpolation: .area)) { error in
            XCTAssertEqual("\(error)", "image size 0x5 is invalid: width and height must be at least 1")
        }
        XCTAssertThrowsError(try ResizePlan(sourceWidth: 4, sourceHeight: 5, targetWidth: 2, targetHeight: -1, interpolation: .linear)) { error in
            XCTAssertEqual("\(error)", "image size 2x-1 is invalid: width and height must be at least 1")
        }
    }

    func testAnImageOfAnotherSizeIsRefusedWithItsMessage() throws {
        let plan = try ResizePlan(sourceWidth: 4, sourceHeight: 4, targetWidth: 2, targetHeight: 2, interpolation: .area)
        XCTAssertThrowsError(try plan.apply(try Image<UInt16>(width: 4, height: 3))) { error in
            XCTAssertEqual("\(error)", "image is 4x3 but the operation was planned for 4x4")
        }
        var wrongTarget = try Image<Float>(width: 3, height: 2)
        XCTAssertThrowsError(try plan.apply(try Image<Float>(width: 4, height: 4), into: &wrongTarget)) { error in
            XCTAssertEqual("\(error)", "image is 3x2 but the operation was planned for 2x2")
        }
    }
}
