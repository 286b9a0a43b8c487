import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// The image fixtures of Tests/Fixtures/images, written by make_fixtures.py with OpenCV, PIL and tifffile.
enum ImageFixtures {
    /// Every fixture image is 24 wide and 20 high.
    static let width = 24, height = 20

    static func path(_ name: String) -> String { TestPaths.fixture("images/\(name)").path }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// A `.u16le` fixture as native-endian bytes, as decoders return them.
    static func native16(_ name: String) throws -> [UInt8] {
        let little = try bytes(name)
        var samples = [UInt16](repeating: 0, count: little.count / 2)
        for i in samples.indices { samples[i] = UInt16(little[2 * i]) | UInt16(little[2 * i + 1]) << 8 }
        return samples.withUnsafeBytes { [UInt8]($0) }
    }

    /// Largest absolute difference of two 8-bit images.
    static func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    /// A pattern-like image (Gaussian background, two bands, noise) of `width` x `height` in [0, maximum].
    static func pattern(width: Int, height: Int, maximum: Double, seed: UInt64) -> [Float] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func uniform() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        var values = [Float](repeating: 0, count: width * height)
        let w = Float(width), h = Float(height)
        for y in 0..<height {
            for x in 0..<width {
                let u = Float(x) / w, v = Float(y) / h
                let background = exp(-((u - 0.45) * (u - 0.45) / 0.3 + (v - 0.5) * (v - 0.5) / 0.25))
                let band1 = exp(-pow((0.6 * u - 0.8 * v + 0.1) / 0.04, 2))
                let band2 = exp(-pow((0.9 * u + 0.45 * v - 0.7) / 0.03, 2))
                let noise = (uniform() + uniform() + uniform() - 1.5) * 0.08
                let value = 0.6 * background + 0.25 * band1 + 0.2 * band2 + noise
                values[y * width + x] = min(max(value, 0), 1) * Float(maximum)
            }
        }
        return values
    }

    /// One pattern of `pattern(...)` as a batch of `type`.
    static func batch(width: Int, height: Int, type: PixelType, count: Int = 1, seed: UInt64 = 1) -> PatternBatch {
        var batch = PatternBatch(width: width, height: height, pixelType: type, count: count)
        for i in 0..<count {
            batch.setPattern(i, from: pattern(width: width, height: height, maximum: type.maximum, seed: seed + UInt64(i)))
        }
        return batch
    }
}

/// Asserts that `body` throws `KikuchiError.badInput` for `file` with a problem containing each of `parts`.
func assertBadInput(
    file: String, containing parts: [String], _ body: () throws -> Void,
    line: UInt = #line
) {
    do {
        try body()
        XCTFail("no error; expected one about \(parts)", line: line)
    } catch let KikuchiError.badInput(named, problem) {
        XCTAssertEqual(named, file, line: line)
        for part in parts {
            XCTAssertTrue(problem.contains(part), "'\(problem)' does not contain '\(part)'", line: line)
        }
        XCTAssertFalse(problem.contains("\n"), "the message must be one line", line: line)
    } catch {
        XCTFail("unexpected error \(error)", line: line)
    }
}

final class ImageCodecTests: XCTestCase {
    // MARK: PNG

    func testPNGRoundTripIsExactFor8And16BitAtEverySetting() throws {
        let settings: [PNGCodec.Settings] = [
            .init(), .init(compressionLevel: 0, filter: .none), .init(compressionLevel: 9, filter: .paeth),
            .init(compressionLevel: 6, filter: .adaptive), .init(compressionLevel: 3, filter: .sub)
        ]
        for type in [PixelType.uint8, .uint16] {
            let batch = ImageFixtures.batch(width: 37, height: 23, type: type)
            for setting in settings {
                let encoded = try batch.bytes.withUnsafeBytes {
                    try PNGCodec.encode($0, width: 37, height: 23, pixelType: type, settings: setting, file: "x.png")
                }
                let decoded = try PNGCodec.decode(encoded, file: "x.png")
                XCTAssertEqual(decoded.header, GrayImageHeader(width: 37, height: 23, pixelType: type))
                XCTAssertEqual(decoded.pixels, batch.bytes, "\(type) \(setting)")
            }
        }
    }

    func testPNG16IsBigEndianOnDisk() throws {
        // Stored (level 0) and unfiltered, the first row appears verbatim after its filter byte 0.
        let samples: [UInt16] = [0x0102, 0xA0B0, 0x00FF, 0xFF00]
        let encoded = try samples.withUnsafeBytes {
            try PNGCodec.encode(
                $0, width: 4, height: 1, pixelType: .uint16,
                settings: .init(compressionLevel: 0, filter: .none), file: "x.png")
        }
        let bigEndianRow: [UInt8] = [0, 0x01, 0x02, 0xA0, 0xB0, 0x00, 0xFF, 0xFF, 0x00]
        let found = (0...encoded.count - bigEndianRow.count).contains { Array(encoded[$0..<$0 + bigEndianRow.count]) == bigEndianRow }
        XCTAssertTrue(found, "the 16-bit samples are not stored big-endian")
    }

    func testPNGWrittenByOpenCVDecodesToTheStoredValues() throws {
        let gray8 = try PNGCodec.decode(ImageFixtures.bytes("gray8_cv2.png"), file: "gray8_cv2.png")
        XCTAssertEqual(gray8.header, GrayImageHeader(width: ImageFixtures.width, height: ImageFixtures.height, pixelType: .uint8))
        XCTAssertEqual(gray8.pixels, try ImageFixtures.bytes("gray8.u8"))
        let gray16 = try PNGCodec.decode(ImageFixtures.bytes("gray16_cv2.png"), file: "gray16_cv2.png")
        XCTAssertEqual(gray16.header, GrayImageHeader(width: ImageFixtures.width, height: ImageFixtures.height, pixelType: .uint16))
        XCTAssertEqual(gray16.pixels, try ImageFixtures.native16("gray16.u16le"))
    }

    func testColourPalettedAndAlphaPNGBecomeGrayAsOpenCVAndPILDo() throws {
        let rgb8 = try PNGCodec.decode(ImageFixtures.bytes("rgb8_cv2.png"), file: "rgb8_cv2.png")
        XCTAssertEqual(rgb8.header.pixelType, .uint8)
        XCTAssertEqual(rgb8.pixels, try ImageFixtures.bytes("rgb8_cv2_gray.u8"), "OpenCV IMREAD_GRAYSCALE")
        XCTAssertLessThanOrEqual(ImageFixtures.maxDifference(rgb8.pixels, try ImageFixtures.bytes("rgb8_pil_gray.u8")), 1, "PIL convert('L')")

        let rgb16 = try PNGCodec.decode(ImageFixtures.bytes("rgb16_cv2.png"), file: "rgb16_cv2.png")
        XCTAssertEqual(rgb16.header.pixelType, .uint16, "16-bit colour stays 16-bit")
        let expected16 = try ImageFixtures.native16("rgb16_cv2_gray.u16le")
        let ours = rgb16.pixels.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        let theirs = expected16.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        XCTAssertLessThanOrEqual(zip(ours, theirs).map { abs(Int($0) - Int($1)) }.max() ?? 0, 1, "OpenCV 16-bit gray")

        let palette = try PNGCodec.decode(ImageFixtures.bytes("palette_pil.png"), file: "palette_pil.png")
        XCTAssertEqual(palette.pixels, try ImageFixtures.bytes("palette_pil_gray.u8"))
        let alpha = try PNGCodec.decode(ImageFixtures.bytes("gray_alpha_pil.png"), file: "gray_alpha_pil.png")
        XCTAssertEqual(alpha.pixels, try ImageFixtures.bytes("gray8.u8"), "alpha is dropped")
    }

    func testCorruptPNGIsAnErrorNamingTheFile() throws {
        let good = try ImageFixtures.bytes("gray16_cv2.png")
        assertBadInput(file: "cut.png", containing: ["unreadable PNG", "truncated"]) {
            _ = try PNGCodec.decode(Array(good.prefix(good.count / 2)), file: "cut.png")
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x5A
        assertBadInput(file: "flipped.png", containing: ["unreadable PNG"]) {
            _ = try PNGCodec.decode(flipped, file: "flipped.png")
        }
        assertBadInput(file: "text.png", containing: ["not a PNG file"]) {
            _ = try PNGCodec.decode(Array("hello, world".utf8), file: "text.png")
        }
        assertBadInput(file: "empty.png", containing: ["not a PNG file"]) {
            _ = try PNGCodec.decode([], file: "empty.png")
        }
    }

    func testRealPyEBSDIndexPNGDecodes() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let path = data.appendingPathComponent("pyebsdindex/al_sim_20kv.png").path
        let decoded = try PNGCodec.decode(ImageFileKind.contents(of: path), file: path)
        XCTAssertEqual(decoded.header, GrayImageHeader(width: 120, height: 100, pixelType: .uint8))
        // OpenCV reads this pattern with minimum 0 and maximum 255.
        XCTAssertEqual(decoded.pixels.min(), 0)
        XCTAssertEqual(decoded.pixels.max(), 255)
    }

    // MARK: JPEG

    func testJPEGWrittenByOpenCVDecodesAsOpenCVDecodesIt() throws {
        let gray = try JPEGCodec.decode(ImageFixtures.bytes("gray8_cv2_q95.jpg"), file: "gray8_cv2_q95.jpg")
        XCTAssertEqual(gray.header, GrayImageHeader(width: ImageFixtures.width, height: ImageFixtures.height, pixelType: .uint8))
        XCTAssertLessThanOrEqual(ImageFixtures.maxDifference(gray.pixels, try ImageFixtures.bytes("gray8_cv2_q95_decoded.u8")), 1)
        let colour = try JPEGCodec.decode(ImageFixtures.bytes("rgb8_cv2_q90.jpg"), file: "rgb8_cv2_q90.jpg")
        XCTAssertLessThanOrEqual(ImageFixtures.maxDifference(colour.pixels, try ImageFixtures.bytes("rgb8_cv2_q90_decoded.u8")), 1)
    }

    func testJPEGRoundTripAtQuality95MatchesOpenCVsOwnRoundTrip() throws {
        // make_fixtures.py stored OpenCV's decode of OpenCV's quality-95 encoding of gray8.
        let source = try ImageFixtures.bytes("gray8.u8")
        let encoded = try source.withUnsafeBytes {
            try JPEGCodec.encode($0, width: ImageFixtures.width, height: ImageFixtures.height, quality: 95, file: "x.jpg")
        }
        let decoded = try JPEGCodec.decode(encoded, file: "x.jpg")
        let openCV = try ImageFixtures.bytes("gray8_cv2_q95_decoded.u8")
        XCTAssertLessThanOrEqual(ImageFixtures.maxDifference(decoded.pixels, openCV), 1)
        XCTAssertEqual(ImageFixtures.maxDifference(decoded.pixels, source), ImageFixtures.maxDifference(openCV, source))
    }

    func testJPEGQuality95ErrorOnARealPattern() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let path = data.appendingPathComponent("pyebsdindex/al_sim_20kv.png").path
        let pattern = try PNGCodec.decode(ImageFileKind.contents(of: path), file: path)
        var errors: [Int: Int] = [:]
        var sizes: [Int: Int] = [:]
        for quality in [10, 95, 100] {
            let encoded = try pattern.pixels.withUnsafeBytes {
                try JPEGCodec.encode($0, width: 120, height: 100, quality: quality, file: "x.jpg")
            }
            sizes[quality] = encoded.count
            errors[quality] = ImageFixtures.maxDifference(try JPEGCodec.decode(encoded, file: "x.jpg").pixels, pattern.pixels)
        }
        // OpenCV (libjpeg-turbo 3.1): imencode at quality 95 then imdecode gives max |error| 7 and 8981 bytes.
        XCTAssertEqual(errors[95], 7)
        XCTAssertEqual(sizes[95], 8981)
        XCTAssertLessThan(sizes[10]!, sizes[95]!)
        XCTAssertLessThanOrEqual(errors[100]!, errors[95]!)
    }

    func testCorruptOrTruncatedJPEGIsAnErrorNamingTheFile() throws {
        let good = try ImageFixtures.bytes("gray8_cv2_q95.jpg")
        assertBadInput(file: "cut.jpg", containing: ["unreadable JPEG", "Premature end of JPEG file"]) {
            _ = try JPEGCodec.decode(Array(good.prefix(good.count * 2 / 3)), file: "cut.jpg")
        }
        assertBadInput(file: "header.jpg", containing: ["unreadable JPEG"]) {
            _ = try JPEGCodec.decode(Array(good.prefix(40)), file: "header.jpg")
        }
        assertBadInput(file: "text.jpg", containing: ["unreadable JPEG", "Not a JPEG file"]) {
            _ = try JPEGCodec.decode(Array("hello, world".utf8), file: "text.jpg")
        }
        assertBadInput(file: "empty.jpg", containing: ["unreadable JPEG", "empty"]) {
            _ = try JPEGCodec.decode([], file: "empty.jpg")
        }
    }

    // MARK: TIFF

    func testUncompressedTIFFInBothByteOrdersDecodesExactly() throws {
        let gray8 = try ImageFixtures.bytes("gray8.u8")
        let gray16 = try ImageFixtures.native16("gray16.u16le")
        for (name, expected, type) in [
            ("gray8_le.tif", gray8, PixelType.uint8), ("gray8_be.tif", gray8, .uint8),
            ("gray8_pil.tif", gray8, .uint8),
            ("gray16_le.tif", gray16, .uint16), ("gray16_be.tif", gray16, .uint16)
        ] {
            let decoded = try TIFFDecoder.decode(ImageFixtures.bytes(name), file: name)
            XCTAssertEqual(decoded.header, GrayImageHeader(width: ImageFixtures.width, height: ImageFixtures.height, pixelType: type), name)
            XCTAssertEqual(decoded.pixels, expected, name)
        }
    }

    func testUnsupportedTIFFIsRefusedByName() throws {
        for (name, reason) in [
            ("gray8_deflate_pil.tif", "compression 8"), ("rgb8.tif", "3 samples per pixel"),
            ("float32.tif", "32 bits per sample")
        ] {
            assertBadInput(file: name, containing: ["unsupported TIFF", reason]) {
                _ = try TIFFDecoder.decode(ImageFixtures.bytes(name), file: name)
            }
        }
    }

    func testCorruptTIFFIsAnErrorNamingTheFile() throws {
        let good = try ImageFixtures.bytes("gray16_be.tif")
        // tifffile puts the image data after the directory: cutting the end truncates the strip.
        assertBadInput(file: "cut.tif", containing: ["corrupt TIFF", "beyond the end"]) {
            _ = try TIFFDecoder.decode(Array(good.prefix(good.count - 100)), file: "cut.tif")
        }
        assertBadInput(file: "text.tif", containing: ["not a TIFF file"]) {
            _ = try TIFFDecoder.decode(Array("hello, world".utf8), file: "text.tif")
        }
        assertBadInput(file: "short.tif", containing: ["corrupt TIFF", "too short"]) {
            _ = try TIFFDecoder.decode(Array(good.prefix(5)), file: "short.tif")
        }
    }
}
