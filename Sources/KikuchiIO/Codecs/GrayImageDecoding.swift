/// What the image decoders (PNG, JPEG, TIFF) share: a cheap header read, and a decode into a
/// caller's buffer once the caller has checked the header against the scan.
public protocol GrayImageDecoding {
    /// Reads the image in `data`: its header only when `pixels` is nil; else, when the image is
    /// `expected`, its pixels into `pixels` too (native byte order). Returns the image's header,
    /// which the caller compares with `expected` (nothing is decoded when they differ).
    ///
    /// - Throws: `badInput(file, ...)` for a file that is not of the codec's kind, or is corrupt or truncated.
    static func read(
        _ data: UnsafeRawBufferPointer, file: String, into pixels: UnsafeMutableRawBufferPointer?,
        expecting expected: GrayImageHeader?
    ) throws -> GrayImageHeader
}

extension GrayImageDecoding {
    /// The gray size and depth of the image in `data`, without decoding its pixels.
    public static func header(of data: UnsafeRawBufferPointer, file: String) throws -> GrayImageHeader {
        try read(data, file: file, into: nil, expecting: nil)
    }

    /// Decodes `data` into `pixels`, which holds exactly `expected`'s bytes, when the image is
    /// `expected`; returns the image's header.
    @discardableResult
    public static func decode(
        _ data: UnsafeRawBufferPointer, file: String,
        into pixels: UnsafeMutableRawBufferPointer, expecting expected: GrayImageHeader
    ) throws -> GrayImageHeader {
        precondition(pixels.count == expected.byteCount, "pixel buffer does not match the expected image")
        return try read(data, file: file, into: pixels, expecting: expected)
    }

    /// Decodes a whole file's bytes into a new buffer of native-endian gray samples.
    public static func decode(_ data: [UInt8], file: String) throws -> (header: GrayImageHeader, pixels: [UInt8]) {
        try data.withUnsafeBytes { raw in
            let header = try self.header(of: raw, file: file)
            var pixels = [UInt8](repeating: 0, count: header.byteCount)
            try pixels.withUnsafeMutableBytes { _ = try decode(raw, file: file, into: $0, expecting: header) }
            return (header, pixels)
        }
    }
}
