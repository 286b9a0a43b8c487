import Foundation

/// Writes a zip archive of stored (uncompressed) entries: a local header and the data per entry,
/// then the central directory and its end record. Stored entries are what Keras itself writes in
/// a `.keras` file and need no compressor to read back.
public struct ZipWriter {
    private var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    public init() {}

    private static func append16(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8((value >> 8) & 0xFF))
    }

    private static func append32(_ value: Int, to bytes: inout [UInt8]) {
        append16(value & 0xFFFF, to: &bytes)
        append16((value >> 16) & 0xFFFF, to: &bytes)
    }

    /// Adds entry `name` holding `data`.
    public mutating func add(_ name: String, _ data: [UInt8]) {
        let crc = Int(ZipArchive.crc32(data))
        let nameBytes = Array(name.utf8)
        let offset = bytes.count
        // Version 2.0, no flags, method 0, time 00:00 and date 1980-01-01 (DOS format), as Keras writes.
        let common: (inout [UInt8]) -> Void = { header in
            ZipWriter.append16(20, to: &header)
            ZipWriter.append16(0, to: &header)
            ZipWriter.append16(0, to: &header)
            ZipWriter.append16(0, to: &header)
            ZipWriter.append16(0x21, to: &header)
            ZipWriter.append32(crc, to: &header)
            ZipWriter.append32(data.count, to: &header)
            ZipWriter.append32(data.count, to: &header)
            ZipWriter.append16(nameBytes.count, to: &header)
            ZipWriter.append16(0, to: &header)
        }
        ZipWriter.append32(0x0403_4b50, to: &bytes)
        common(&bytes)
        bytes += nameBytes
        bytes += data
        ZipWriter.append32(0x0201_4b50, to: &central)
        ZipWriter.append16(20, to: &central)
        common(&central)
        ZipWriter.append16(0, to: &central)  // comment length
        ZipWriter.append16(0, to: &central)  // disk number
        ZipWriter.append16(0, to: &central)  // internal attributes
        ZipWriter.append32(0, to: &central)  // external attributes
        ZipWriter.append32(offset, to: &central)
        central += nameBytes
        count += 1
    }

    /// The whole archive.
    public func archive() -> [UInt8] {
        var result = bytes + central
        ZipWriter.append32(0x0605_4b50, to: &result)
        ZipWriter.append16(0, to: &result)
        ZipWriter.append16(0, to: &result)
        ZipWriter.append16(count, to: &result)
        ZipWriter.append16(count, to: &result)
        ZipWriter.append32(central.count, to: &result)
        ZipWriter.append32(bytes.count, to: &result)
        ZipWriter.append16(0, to: &result)
        return result
    }
}
