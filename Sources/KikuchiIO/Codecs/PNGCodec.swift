import CPNG
import KikuchiCore

/// Gray PNG files through libpng: 8- and 16-bit gray decoded exactly (16-bit PNG is big-endian on
/// disk, the decoded samples are native), other colour types converted to gray.
///
/// Conversion of non-gray files, as OpenCV's `IMREAD_GRAYSCALE | IMREAD_ANYDEPTH`: palettes are
/// expanded, gray of 1, 2 or 4 bits widened to 8, alpha and transparency dropped, and colour made
/// gray as `(9798 R + 19235 G + 3735 B + 16384) >> 15` (0.299, 0.587, 0.114; PIL's `L` rounds the
/// same weights in 16 bits and can differ by 1). A 16-bit colour file stays 16-bit.
public enum PNGCodec: GrayImageDecoding {
    /// The single row filter every row uses. One filter skips libpng's per-row trial of all five,
    /// which costs more time than it saves bytes at a low zlib level.
    public enum Filter: Sendable {
        case none, sub, up, paeth
        /// libpng's adaptive choice among all five filters, row by row (slowest, smallest).
        case adaptive

        var flag: Int32 {
            switch self {
            case .none: return kk_png_filter_none()
            case .sub: return kk_png_filter_sub()
            case .up: return kk_png_filter_up()
            case .paeth: return kk_png_filter_paeth()
            case .adaptive: return kk_png_filter_all()
            }
        }
    }

    /// zlib's ways of compressing the filtered rows.
    public enum Strategy: Int32, Sendable {
        /// Matches of repeated strings, then Huffman codes (zlib's default).
        case standard = 0
        /// Like `standard` but favouring Huffman codes; zlib's choice for filtered image data.
        case filtered = 1
        /// Huffman codes of single bytes only: no string search, so fast, and nearly as small on
        /// noisy patterns, where repeated strings are rare.
        case huffmanOnly = 2
        /// Huffman codes plus runs of one repeated byte: as fast as `huffmanOnly` and much smaller
        /// where a pattern is flat (masked corners, saturated areas), which the `up` filter turns
        /// into runs of zeros.
        case runLength = 3
    }

    /// How patterns are compressed.
    public struct Settings: Sendable {
        /// zlib level 0 (store) to 9. Low by default: unpacking a million patterns must be quick,
        /// and higher levels gain only a few per cent on noisy patterns.
        public var compressionLevel: Int
        /// Run-length by default: on a 240 x 240 12-bit pattern it was faster than zlib's string
        /// search at level 1 and 3 per cent smaller (see ImageCodecTimingTests).
        public var strategy: Strategy
        public var filter: Filter

        public init(compressionLevel: Int = 1, strategy: Strategy = .runLength, filter: Filter = .up) {
            self.compressionLevel = compressionLevel
            self.strategy = strategy
            self.filter = filter
        }
    }

    private static let messageCapacity = 256

    public static func read(
        _ data: UnsafeRawBufferPointer, file: String, into pixels: UnsafeMutableRawBufferPointer?,
        expecting expected: GrayImageHeader?
    ) throws -> GrayImageHeader {
        var header = kk_png_header()
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            kk_png_decode_gray(
                data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count,
                pixels?.baseAddress, pixels?.count ?? 0, &header, text.baseAddress, text.count)
        }
        guard Int(status) != KK_PNG_FAILED else {
            throw KikuchiError.badInput(file, "unreadable PNG: \(message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })")
        }
        // Deflate expands its input at most 1032 times.
        let found = try GrayImageHeader(
            width: Int(header.width), height: Int(header.height),
            pixelType: header.bit_depth == 16 ? .uint16 : .uint8
        )
        .checked("PNG", file: file, decodedAtMost: data.count * 1032)
        if Int(status) == KK_PNG_BUFFER_MISMATCH, pixels != nil, found == expected {
            // Cannot happen: the buffer was sized for this very header.
            throw KikuchiError.processing(file, "PNG decoder refused a buffer of the image's own size")
        }
        return found
    }

    /// Encodes one gray pattern (`uint8` or `uint16`, native byte order), or with `colour` one
    /// picture of red, green, blue samples interleaved, as a PNG file's bytes.
    ///
    /// - Throws: `processing(file, ...)` when libpng fails; a float32 pattern is a programming error.
    public static func encode(
        _ pixels: UnsafeRawBufferPointer, width: Int, height: Int, pixelType: PixelType,
        colour: Bool = false, settings: Settings = Settings(), file: String
    ) throws -> [UInt8] {
        precondition(pixelType != .float32, "PNG holds 8- or 16-bit integers")
        let channels = colour ? 3 : 1
        precondition(pixels.count == width * height * channels * pixelType.byteCount, "pixel buffer does not match the image size")
        var buffer = kk_png_buffer()
        defer { kk_png_buffer_free(&buffer) }
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            kk_png_encode_samples(
                pixels.baseAddress, UInt32(width), UInt32(height), Int32(pixelType.byteCount * 8), Int32(channels),
                Int32(min(max(settings.compressionLevel, 0), 9)), settings.strategy.rawValue, settings.filter.flag,
                &buffer, text.baseAddress, text.count)
        }
        guard Int(status) == KK_PNG_OK else {
            throw KikuchiError.processing(file, "cannot encode PNG: \(message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })")
        }
        return [UInt8](UnsafeBufferPointer(start: buffer.data, count: buffer.size))
    }
}
