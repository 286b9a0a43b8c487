import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Per-pattern codec times (fastest of 40 calls) on a 240 x 240 pattern-like image: what unpacking a million patterns costs.
/// Prints one line per setting (`swift test --filter ImageCodecTimingTests`); the bound asserted is
/// loose (debug builds, shared machines) and only catches a pathological default.
final class ImageCodecTimingTests: XCTestCase {
    private let side = 240
    private let repeats = 40

    /// Seconds of the fastest of `repeats` calls of `body`: the least disturbed by other work on a
    /// shared machine.
    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        var best = UInt64.max
        for _ in 0 ..< repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, DispatchTime.now().uptimeNanoseconds - start)
        }
        return Double(best) / 1e9
    }

    private func line(_ label: String, encode: Double, decode: Double, bytes: Int, raw: Int) -> String {
        String(format: "%@: encode %.2f ms, decode %.2f ms, %d bytes (%.0f%% of raw)",
               label, encode * 1e3, decode * 1e3, bytes, 100 * Double(bytes) / Double(raw))
    }

    func testPNG16TimesPerPattern() throws {
        // A 12-bit detector's range, as most 16-bit EBSD cameras deliver.
        var batch = PatternBatch(width: side, height: side, pixelType: .uint16, count: 1)
        batch.setPattern(0, from: ImageFixtures.pattern(width: side, height: side, maximum: 4095, seed: 1))
        var pixels = [UInt8](repeating: 0, count: batch.bytesPerPattern)
        let header = GrayImageHeader(width: side, height: side, pixelType: .uint16)
        let settings: [(String, PNGCodec.Settings)] = [
            ("default (level 1, run length, up)", PNGCodec.Settings()),
            ("level 1, run length, none", .init(compressionLevel: 1, filter: .none)),
            ("level 1, run length, sub", .init(compressionLevel: 1, filter: .sub)),
            ("level 1, huffman only, up", .init(compressionLevel: 1, strategy: .huffmanOnly, filter: .up)),
            ("level 1, filtered, up", .init(compressionLevel: 1, strategy: .filtered, filter: .up)),
            ("level 1, standard, up", .init(compressionLevel: 1, strategy: .standard, filter: .up)),
            ("level 3, filtered, up", .init(compressionLevel: 3, strategy: .filtered, filter: .up)),
            ("level 0 (stored)", .init(compressionLevel: 0, filter: .none)),
            ("level 6, filtered, adaptive (libpng default)", .init(compressionLevel: 6, strategy: .filtered, filter: .adaptive)),
        ]
        var defaultTotal = 0.0
        for (label, setting) in settings {
            var encoded: [UInt8] = []
            let encode = try seconds {
                encoded = try batch.bytes.withUnsafeBytes {
                    try PNGCodec.encode($0, width: side, height: side, pixelType: .uint16, settings: setting, file: "x.png")
                }
            }
            let decode = try seconds {
                try encoded.withUnsafeBytes { data in
                    try pixels.withUnsafeMutableBytes { _ = try PNGCodec.decode(data, file: "x.png", into: $0, expecting: header) }
                }
            }
            XCTAssertEqual(pixels, batch.bytes)
            print("PNG 16-bit 240x240 " + line(label, encode: encode, decode: decode, bytes: encoded.count, raw: batch.bytesPerPattern))
            if defaultTotal == 0 { defaultTotal = encode + decode }
        }
        XCTAssertLessThan(defaultTotal, 0.05, "PNG encode + decode of one 240 x 240 16-bit pattern")
    }

    func testJPEG8TimesPerPattern() throws {
        let batch = ImageFixtures.batch(width: side, height: side, type: .uint8)
        var pixels = [UInt8](repeating: 0, count: batch.bytesPerPattern)
        let header = GrayImageHeader(width: side, height: side, pixelType: .uint8)
        var encoded: [UInt8] = []
        let encode = try seconds {
            encoded = try batch.bytes.withUnsafeBytes { try JPEGCodec.encode($0, width: side, height: side, file: "x.jpg") }
        }
        let decode = try seconds {
            try encoded.withUnsafeBytes { data in
                try pixels.withUnsafeMutableBytes { _ = try JPEGCodec.decode(data, file: "x.jpg", into: $0, expecting: header) }
            }
        }
        print("JPEG 8-bit 240x240 " + line("quality 95", encode: encode, decode: decode, bytes: encoded.count, raw: batch.bytesPerPattern))
        XCTAssertLessThan(encode + decode, 0.05, "JPEG encode + decode of one 240 x 240 pattern")
    }
}
