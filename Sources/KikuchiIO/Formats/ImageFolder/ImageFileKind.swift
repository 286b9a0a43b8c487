import Foundation
import KikuchiCore

/// The image files an image folder may hold, chosen by extension: PNG, JPEG and (read only) TIFF.
public enum ImageFileKind: String, Sendable, CaseIterable {
    case png
    case jpeg
    case tiff

    /// The kind of a file extension (any case): png; jpg or jpeg; tif or tiff.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        case "tif", "tiff": self = .tiff
        default: return nil
        }
    }

    /// The gray size and depth of the image in `data`.
    public func header(of data: UnsafeRawBufferPointer, file: String) throws -> GrayImageHeader {
        switch self {
        case .png: return try PNGCodec.header(of: data, file: file)
        case .jpeg: return try JPEGCodec.header(of: data, file: file)
        case .tiff: return try TIFFDecoder.header(of: data, file: file)
        }
    }

    /// Decodes `data` into `pixels` when its header is `expected`, and returns its header.
    @discardableResult
    public func decode(
        _ data: UnsafeRawBufferPointer, file: String, into pixels: UnsafeMutableRawBufferPointer,
        expecting expected: GrayImageHeader
    ) throws -> GrayImageHeader {
        switch self {
        case .png: return try PNGCodec.decode(data, file: file, into: pixels, expecting: expected)
        case .jpeg: return try JPEGCodec.decode(data, file: file, into: pixels, expecting: expected)
        case .tiff: return try TIFFDecoder.decode(data, file: file, into: pixels, expecting: expected)
        }
    }

    /// The whole content of the file at `path`, read with one `open` and `fstat` and as few
    /// `read`s as it takes (Foundation's readers cost more per file, which a million patterns feel).
    public static func contents(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw KikuchiError.badInput(path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw KikuchiError.badInput(path, "cannot read: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = read(descriptor, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno }
                if n <= 0 { break }
                done += n
            }
            initialized = done
        }
        guard failure == 0 else {
            throw KikuchiError.badInput(path, "cannot read: \(String(cString: strerror(failure)))")
        }
        return bytes
    }
}
