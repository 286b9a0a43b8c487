import CJPEG
import KikuchiCore

/// 8-bit gray JPEG files through libjpeg(-turbo).
///
/// Colour files are decoded to gray by libjpeg (the luma channel of YCbCr, as OpenCV's
/// `IMREAD_GRAYSCALE` does); CMYK files are refused. libjpeg steps over corrupt data (a truncated
/// file, a bad Huffman code) with a warning and gray fill: here that is an error, so a damaged
/// pattern is never taken for a real one. Encoding is baseline with libjpeg's standard tables
/// scaled to the quality, as OpenCV's `imwrite` does.
public enum JPEGCodec: GrayImageDecoding {
    /// SPEC's default quality.
    public static let defaultQuality = 95
    /// The qualities libjpeg accepts.
    public static let qualityRange = 1...100

    private static let messageCapacity = 256

    public static func read(
        _ data: UnsafeRawBufferPointer, file: String, into pixels: UnsafeMutableRawBufferPointer?,
        expecting expected: GrayImageHeader?
    ) throws -> GrayImageHeader {
        var header = kk_jpeg_header()
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            kk_jpeg_decode_gray(
                data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count,
                pixels?.baseAddress?.assumingMemoryBound(to: UInt8.self), pixels?.count ?? 0,
                &header, text.baseAddress, text.count)
        }
        guard Int(status) != KK_JPEG_FAILED else {
            throw KikuchiError.badInput(file, "unreadable JPEG: \(message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })")
        }
        return try GrayImageHeader(width: Int(header.width), height: Int(header.height), pixelType: .uint8)
            .checked("JPEG", file: file)
    }

    /// Encodes one 8-bit gray pattern as a JPEG file's bytes at `quality` (1 to 100).
    ///
    /// - Throws: `processing(file, ...)` when libjpeg fails.
    public static func encode(
        _ pixels: UnsafeRawBufferPointer, width: Int, height: Int,
        quality: Int = defaultQuality, file: String
    ) throws -> [UInt8] {
        precondition(pixels.count == width * height, "pixel buffer does not match the image size")
        precondition(qualityRange.contains(quality), "JPEG quality must be 1 to 100")
        var buffer = kk_jpeg_buffer()
        defer { kk_jpeg_buffer_free(&buffer) }
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            kk_jpeg_encode_gray(
                pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(width), UInt32(height),
                Int32(quality), &buffer, text.baseAddress, text.count)
        }
        guard Int(status) == KK_JPEG_OK else {
            throw KikuchiError.processing(file, "cannot encode JPEG: \(message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })")
        }
        return [UInt8](UnsafeBufferPointer(start: buffer.data, count: buffer.size))
    }
}
