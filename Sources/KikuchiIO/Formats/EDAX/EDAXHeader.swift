import Foundation
import KikuchiCore

/// The header of an EDAX UP1 / UP2 file.
///
/// Layout (little-endian): uint32 version, width, height, data offset. Version >= 2 adds a uint8
/// "extra patterns" flag at byte 16, uint32 columns at 17, uint32 rows at 21, a uint8 hex flag at
/// 25 and float64 x and y steps at 26 and 34: 42 bytes. Version 1 stops after 16 bytes and has no
/// map. Pattern data starts at the offset field, which readers must honour (it may exceed the
/// header length).
public struct EDAXHeader: Equatable, Sendable {
    public var version: UInt32
    public var width: Int
    public var height: Int
    public var dataOffset: Int
    /// Version >= 2 only; nil for version 1.
    public var geometry: MapGeometry?

    /// Header length of a version: 16 bytes for version 1, 42 for versions 2 and 3.
    public static func length(ofVersion version: UInt32) -> Int { version == 1 ? 16 : 42 }

    public init(version: UInt32, width: Int, height: Int, dataOffset: Int? = nil, geometry: MapGeometry?) {
        self.version = version
        self.width = width
        self.height = height
        self.dataOffset = dataOffset ?? EDAXHeader.length(ofVersion: version)
        self.geometry = version == 1 ? nil : geometry
    }

    /// Parses the header at the start of `bytes`.
    ///
    /// - Throws: `badInput` naming `path` for a short file, a version other than 1, 2 or 3,
    ///   a zero width or height, or an offset inside the header.
    public init(parsing bytes: [UInt8], path: String) throws {
        guard bytes.count >= 16 else {
            throw KikuchiError.badInput(path, "too short for an EDAX UP header (\(bytes.count) bytes, need at least 16)")
        }
        version = bytes.littleEndian(UInt32.self, at: 0)
        guard (1...3).contains(version) else {
            throw KikuchiError.badInput(path, "unsupported EDAX UP header version \(version) (expected 1, 2 or 3)")
        }
        width = Int(bytes.littleEndian(UInt32.self, at: 4))
        height = Int(bytes.littleEndian(UInt32.self, at: 8))
        dataOffset = Int(bytes.littleEndian(UInt32.self, at: 12))
        guard width > 0, height > 0 else {
            throw KikuchiError.badInput(path, "EDAX UP header gives a pattern size of \(width) x \(height) pixels")
        }
        let length = EDAXHeader.length(ofVersion: version)
        guard bytes.count >= length else {
            throw KikuchiError.badInput(path, "too short for an EDAX UP version \(version) header (\(bytes.count) bytes, need \(length))")
        }
        guard dataOffset >= length else {
            throw KikuchiError.badInput(path, "EDAX UP header puts the pattern data at byte \(dataOffset), inside the \(length)-byte header")
        }
        if version == 1 {
            geometry = nil
        } else {
            let columns = Int(bytes.littleEndian(UInt32.self, at: 17))
            let rows = Int(bytes.littleEndian(UInt32.self, at: 21))
            guard columns > 0, rows > 0 else {
                throw KikuchiError.badInput(path, "EDAX UP header gives a map of \(columns) x \(rows) positions")
            }
            geometry = MapGeometry(
                columns: columns, rows: rows,
                stepX: bytes.littleEndianDouble(at: 26), stepY: bytes.littleEndianDouble(at: 34),
                grid: bytes[25] != 0 ? .hex : .square, hexRowsFull: bytes[16] != 0)
        }
    }

    /// The header as bytes, `dataOffset` long (zero-filled after the fields).
    public func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(dataOffset, EDAXHeader.length(ofVersion: version)))
        EDAXHeader.put(UInt32(version), into: &bytes, at: 0)
        EDAXHeader.put(UInt32(width), into: &bytes, at: 4)
        EDAXHeader.put(UInt32(height), into: &bytes, at: 8)
        EDAXHeader.put(UInt32(dataOffset), into: &bytes, at: 12)
        if version != 1, let geometry {
            bytes[16] = geometry.grid == .hex && geometry.hexRowsFull ? 1 : 0
            EDAXHeader.put(UInt32(geometry.columns), into: &bytes, at: 17)
            EDAXHeader.put(UInt32(geometry.rows), into: &bytes, at: 21)
            bytes[25] = geometry.grid == .hex ? 1 : 0
            EDAXHeader.put(geometry.stepX.bitPattern, into: &bytes, at: 26)
            EDAXHeader.put(geometry.stepY.bitPattern, into: &bytes, at: 34)
        }
        return bytes
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<(T.bitWidth / 8) { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}
