import KikuchiImage
import XCTest

final class ImageTests: XCTestCase {
    func testPixelsAreRowMajor() throws {
        var image = try Image<UInt16>(width: 3, height: 2, pixels: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(image[2, 0], 3)
        XCTAssertEqual(image[0, 1], 4)
        image[1, 1] = 50
        XCTAssertEqual(image.pixels, [1, 2, 3, 4, 50, 6])
    }

    func testConversionsRoundTiesToEvenAndClamp() throws {
        let floats = try Image<Float>(width: 6, height: 1, pixels: [-3, 0.5, 1.5, 254.5, 300, .nan])
        XCTAssertEqual(Image<UInt8>(roundingAndClamping: floats).pixels, [0, 0, 2, 254, 255, 0])
        let wide = try Image<Float>(width: 3, height: 1, pixels: [65534.5, 70000, 2.5])
        XCTAssertEqual(Image<UInt16>(roundingAndClamping: wide).pixels, [65534, 65535, 2])
        XCTAssertEqual(Image<Float>(try Image<UInt8>(width: 2, height: 1, pixels: [0, 255])).pixels, [0, 255])
        XCTAssertEqual(Image<Float>(try Image<UInt16>(width: 1, height: 1, pixels: [65535])).pixels, [65535])
    }

    func testBadSizesAreRefusedWithTheirMessage() {
        XCTAssertThrowsError(try Image<UInt8>(width: 2, height: 2, pixels: [1, 2, 3])) { error in
            XCTAssertEqual("\(error)", "3 pixels do not make a 2x2 image (4 expected)")
        }
        XCTAssertThrowsError(try Image<Float>(width: 0, height: 2)) { error in
            XCTAssertEqual("\(error)", "image size 0x2 is invalid: width and height must be at least 1")
        }
    }
}
