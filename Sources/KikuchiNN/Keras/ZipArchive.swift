import CZlib
import Foundation
import KikuchiCore

/// The entries of a zip archive (a Keras 3 `.keras` file), read whole from memory: the end of
/// central directory record gives the central directory, each entry's local header gives where
/// its data starts. Stored (method 0) and deflated (method 8, raw deflate through zlib) entries
/// are read and their CRC-32 checked; ZIP64 archives are refused (Keras models stay far below
/// 4 GB).
public struct ZipArchive {
    public let path: String
    private let bytes: [UInt8]
    /// Entry name -> (method, CRC-32, compressed size, uncompressed size, local header offset).
    private var entries: [String: (method: Int, crc: UInt32, compressed: Int, size: Int, offset: Int)] = [:]
    /// Entry names in central directory order.
    public private(set) var names: [String] = []

    public init(path: String) throws {
        self.path = path
        guard let data = RawFile.contents(of: path) else {
            throw KikuchiError.badInput(path, "cannot read the file")
        }
        bytes = data
        try readCentralDirectory()
    }

    private func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
    private func u32(_ offset: Int) -> Int { u16(offset) | u16(offset + 2) << 16 }

    private mutating func readCentralDirectory() throws {
        let notZip = KikuchiError.badInput(path, "not a zip archive (a .keras file is one)")
        guard bytes.count >= 22 else { throw notZip }
        // The end record is the last 22 bytes plus a comment of at most 65535 bytes.
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while end >= lowest && u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= lowest else { throw notZip }
        let count = u16(end + 10)
        var offset = u32(end + 16)
        guard count != 0xFFFF, offset != 0xFFFF_FFFF else {
            throw KikuchiError.badInput(path, "ZIP64 archives are not supported")
        }
        for _ in 0..<count {
            guard offset + 46 <= bytes.count, u32(offset) == 0x0201_4b50 else {
                throw KikuchiError.badInput(path, "the zip central directory is damaged")
            }
            let nameLength = u16(offset + 28)
            guard offset + 46 + nameLength <= bytes.count else { throw KikuchiError.badInput(path, "the zip central directory is damaged") }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries[name] = (u16(offset + 10), UInt32(u32(offset + 16)), u32(offset + 20), u32(offset + 24), u32(offset + 42))
            names.append(name)
            offset += 46 + nameLength + u16(offset + 30) + u16(offset + 32)
        }
    }

    /// Whether the archive has an entry called `name`.
    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The uncompressed contents of entry `name`.
    public func contents(of name: String) throws -> [UInt8] {
        guard let entry = entries[name] else {
            throw KikuchiError.badInput(path, "the archive has no '\(name)'")
        }
        let header = entry.offset
        guard header + 30 <= bytes.count, u32(header) == 0x0403_4b50 else {
            throw KikuchiError.badInput(path, "the local header of '\(name)' is damaged")
        }
        let start = header + 30 + u16(header + 26) + u16(header + 28)
        guard start + entry.compressed <= bytes.count else {
            throw KikuchiError.badInput(path, "'\(name)' is cut short")
        }
        // Deflate expands at most 1032 times (a stored entry not at all): a larger size is damage,
        // refused before its buffer is allocated.
        guard entry.size <= (entry.method == 0 ? entry.compressed : entry.compressed * 1032 + 64) else {
            throw KikuchiError.badInput(path, "the zip directory gives '\(name)' \(entry.size) bytes, more than its \(entry.compressed) stored bytes can hold")
        }
        let stored = Array(bytes[start..<start + entry.compressed])
        let data: [UInt8]
        switch entry.method {
        case 0: data = stored
        case 8: data = try inflate(stored, size: entry.size, name: name)
        default: throw KikuchiError.badInput(path, "'\(name)' uses zip method \(entry.method) (stored and deflate are supported)")
        }
        guard data.count == entry.size, ZipArchive.crc32(data) == entry.crc else {
            throw KikuchiError.badInput(path, "'\(name)' fails its CRC-32 check")
        }
        return data
    }

    private func inflate(_ input: [UInt8], size: Int, name: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard kk_inflate_init_raw(&stream) == Z_OK else { throw KikuchiError.processing(path, "cannot start zlib") }
        defer { inflateEnd(&stream) }
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw KikuchiError.badInput(path, "'\(name)' does not inflate (zlib status \(status))")
        }
        return output
    }

    /// The CRC-32 zip uses (zlib's).
    static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}
