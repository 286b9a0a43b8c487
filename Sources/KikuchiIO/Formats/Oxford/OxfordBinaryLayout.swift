import KikuchiCore

/// The layout of an Oxford Instruments AZtec binary pattern file (`.ebsp`), as kikuchipy reads it.
///
/// Little-endian throughout:
/// - A version marker: int64 `-version` at byte 0 (versions 1 and up); a file without one
///   (version 0) starts with the offset table. Version 4 and up add one unknown byte after it.
/// - The offset table: one int64 per map position in scan order (row-major), the byte offset of
///   that position's pattern record, 0 where the position has no pattern. The records follow
///   the table, so the table ends where the first record starts; records may be stored in any
///   order.
/// - Each record: a header of int32 fields (version 5 and up: map x and map y, then) is
///   compressed (must be 0), rows, columns and data bytes; the pixels, row-major, 8- or 16-bit
///   unsigned; a footer with the beam position in micrometres (version 1: float64 x and y;
///   version 2 and up: a flag byte before each).
public struct OxfordBinaryLayout: Sendable {
    public let version: Int
    public let width: Int
    public let height: Int
    public let pixelType: PixelType
    /// Byte offset of each map position's record, in scan order; 0 where it holds no pattern.
    public let offsets: [Int]
    /// Bytes of a record's header, pixels and footer.
    public let headerBytes: Int
    public let footerBytes: Int
    public var dataBytes: Int { width * height * pixelType.byteCount }
    public var recordBytes: Int { headerBytes + dataBytes + footerBytes }

    /// Reads the marker, the offset table and the first record's header of `file`.
    ///
    /// - Throws: `badInput` naming `path` for a file too short for its table, an offset table
    ///   pointing before the records or past the end, a compressed or malformed first record.
    public init(file: RawFile, path: String) throws {
        let size = file.size
        guard size >= 8 else { throw KikuchiError.badInput(path, "too short for an Oxford .ebsp file (\(size) bytes)") }
        let marker = try file.read(count: 8, at: 0).littleEndian(Int64.self, at: 0)
        version = marker < 0 ? Int(clamping: marker.magnitude) : 0
        guard version <= 16 else {
            throw KikuchiError.badInput(path, "unsupported Oxford .ebsp version \(version)")
        }
        let tableStart = version == 0 ? 0 : version >= 4 ? 9 : 8

        // The table runs up to the lowest record offset it holds.
        var offsets: [Int] = []
        var firstRecord = Int.max
        var position = tableStart
        while position < firstRecord {
            let chunk = min(65_536, (min(firstRecord, size) - position) / 8 * 8)
            guard chunk >= 8 else {
                throw KikuchiError.badInput(
                    path,
                    offsets.allSatisfy { $0 == 0 }
                        ? "the .ebsp offset table holds no pattern (\(offsets.count) entries, all 0)"
                        : "truncated: the .ebsp offset table runs to the end of the file (\(size) bytes)")
            }
            let bytes = try file.read(count: chunk, at: position)
            for entry in stride(from: 0, to: chunk, by: 8) where position + entry < firstRecord {
                let offset = bytes.littleEndian(Int64.self, at: entry)
                guard offset >= 0, offset < size else {
                    throw KikuchiError.badInput(
                        path, "the .ebsp offset table puts pattern \(offsets.count) at byte \(offset), outside the file (\(size) bytes)")
                }
                let tableEnd = position + entry + 8
                guard offset == 0 || offset >= tableEnd else {
                    throw KikuchiError.badInput(path, "the .ebsp offset table puts pattern \(offsets.count) at byte \(offset), inside the offset table")
                }
                if offset != 0 { firstRecord = min(firstRecord, Int(offset)) }
                offsets.append(Int(offset))
            }
            position += chunk
        }
        guard firstRecord == tableStart + 8 * offsets.count else {
            throw KikuchiError.badInput(
                path,
                "the .ebsp offset table of \(offsets.count) patterns ends at byte \(tableStart + 8 * offsets.count) but its lowest offset is \(firstRecord)")
        }

        headerBytes = version >= 5 ? 24 : 16
        footerBytes = version == 0 ? 0 : version == 1 ? 16 : 18
        guard firstRecord + headerBytes <= size else {
            throw KikuchiError.badInput(path, "truncated: the first .ebsp pattern header at byte \(firstRecord) runs past the end of the file (\(size) bytes)")
        }
        let header = try OxfordBinaryLayout.recordHeader(try file.read(count: headerBytes, at: firstRecord), version: version)
        guard header.compressed == 0 else {
            throw KikuchiError.badInput(path, "compressed .ebsp patterns are not supported (as in kikuchipy)")
        }
        let pixels = try CheckedSize.product([header.rows, header.columns], of: "pattern size", in: path, fileSize: size)
        guard header.rows > 0, header.columns > 0, pixels > 0, header.dataBytes == pixels || header.dataBytes == 2 * pixels else {
            throw KikuchiError.badInput(
                path, "the first .ebsp pattern header gives \(header.columns) x \(header.rows) pixels in \(header.dataBytes) bytes (1 or 2 bytes a pixel)")
        }
        width = header.columns
        height = header.rows
        pixelType = header.dataBytes == pixels ? .uint8 : .uint16
        let record = headerBytes + header.dataBytes + footerBytes
        for (index, offset) in offsets.enumerated() where offset != 0 && offset > size - record {
            throw KikuchiError.badInput(path, "truncated: pattern \(index) at byte \(offset) needs \(record) bytes but the file has \(size)")
        }
        self.offsets = offsets
    }

    /// The int32 fields of a record header: compressed flag, rows, columns, data bytes.
    static func recordHeader(_ bytes: [UInt8], version: Int) throws -> (compressed: Int, rows: Int, columns: Int, dataBytes: Int) {
        let start = version >= 5 ? 8 : 0
        let field = { (index: Int) in Int(bytes.littleEndian(Int32.self, at: start + 4 * index)) }
        return (field(0), field(1), field(2), field(3))
    }

    /// The beam position (x, y) in micrometres of the record at `offset`; nil when the file has
    /// no footer or the footer flags the position as absent.
    func beamPosition(ofRecordAt offset: Int, in file: RawFile) throws -> (x: Double, y: Double)? {
        guard footerBytes > 0 else { return nil }
        let footer = try file.read(count: footerBytes, at: offset + headerBytes + dataBytes)
        if version == 1 { return (footer.littleEndianDouble(at: 0), footer.littleEndianDouble(at: 8)) }
        guard footer[0] != 0, footer[9] != 0 else { return nil }
        return (footer.littleEndianDouble(at: 1), footer.littleEndianDouble(at: 10))
    }

    /// The map, from the beam positions of the first, second and last records (kikuchipy's
    /// rule): the step is the first x step, columns span the x range; nil when a pattern is
    /// missing, the positions are absent or do not make a rectangle of every pattern.
    func geometry(in file: RawFile) throws -> MapGeometry? {
        guard !offsets.isEmpty, !offsets.contains(0) else { return nil }
        if offsets.count == 1 { return MapGeometry(columns: 1, rows: 1) }
        guard let first = try beamPosition(ofRecordAt: offsets[0], in: file),
            let second = try beamPosition(ofRecordAt: offsets[1], in: file),
            let last = try beamPosition(ofRecordAt: offsets[offsets.count - 1], in: file)
        else { return nil }
        let n = offsets.count
        let step = second.x - first.x
        var columns = n, rows = 1, stepX = step, stepY = step
        if step > 0, step.isFinite {
            guard let span = Int(exactly: ((last.x - first.x) / step).rounded()), span >= 0, span < n, n % (span + 1) == 0 else { return nil }
            columns = span + 1
            rows = n / columns
            if rows > 1 { stepY = (last.y - first.y) / Double(rows - 1) }
        } else if second.x == first.x, second.y > first.y {
            // One column: the second pattern is in the next row.
            columns = 1
            rows = n
            stepY = second.y - first.y
            stepX = stepY
        } else {
            return nil
        }
        guard stepY > 0, stepY.isFinite else { return nil }
        return MapGeometry(columns: columns, rows: rows, stepX: stepX, stepY: stepY)
    }
}
