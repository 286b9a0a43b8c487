/// What the image decoders (PNG, JPEG, TIFF) share: a cheap header read, and a decode into a
/// caller's buffer once the caller has checked the header against the scan.
public protocol GrayImageDecoding {
    /// The gray size and depth of the image in `data`, without decoding its pixels.
    static func header(of data: UnsafeRawBufferPointer, file: String) throws -> GrayImageHeader
    /// Decodes `data` into `pixels`, which holds exactly `expected`'s bytes.
    @discardableResult
    static func decode(_ data: UnsafeRawBufferPointer, file: String,
                       into pixels: UnsafeMutableRawBufferPointer, expecting expected: GrayImageHeader) throws -> GrayImageHeader
}

extension GrayImageDecoding {
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
