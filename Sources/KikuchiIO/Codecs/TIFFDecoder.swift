import KikuchiCore

/// Uncompressed baseline TIFF files of one gray image, 8 or 16 bits, little- or big-endian, in strips.
///
/// Written by hand (no libtiff): the header (`II*\0` or `MM\0*` and the first directory's offset),
/// the directory's width, height, bits per sample, compression (must be 1), photometric
/// interpretation (must be 1, black is zero), samples per pixel (1), sample format (1, unsigned),
/// rows per strip and the strips' offsets and byte counts. Anything else — compression, colour,
/// tiles, float samples, several pages, BigTIFF — is refused as `unsupported TIFF`.
public enum TIFFDecoder: GrayImageDecoding {
    /// Tag numbers of the TIFF 6.0 baseline directory.
    private enum Tag: UInt16 {
        case imageWidth = 256, imageLength = 257, bitsPerSample = 258, compression = 259
        case photometric = 262, stripOffsets = 273, samplesPerPixel = 277, rowsPerStrip = 278
        case stripByteCounts = 279, planarConfiguration = 284, tileWidth = 322, sampleFormat = 339
    }

    /// The facts of the first image directory that decoding needs.
    private struct Layout {
        var header: GrayImageHeader
        var bigEndian: Bool
        var rowsPerStrip: Int
        var stripOffsets: [Int]
        var stripByteCounts: [Int]?
    }

    /// A little reader of the file's numbers in its byte order, failing as corrupt TIFF past the end.
    private struct Cursor {
        let data: UnsafeRawBufferPointer
        let bigEndian: Bool
        let file: String

        func uint16(at offset: Int) throws -> Int {
            guard offset >= 0, offset + 2 <= data.count else { throw corrupt("a directory entry lies beyond the end of the file") }
            let a = Int(data[offset]), b = Int(data[offset + 1])
            return bigEndian ? a << 8 | b : b << 8 | a
        }

        func uint32(at offset: Int) throws -> Int {
            let first = try uint16(at: offset), second = try uint16(at: offset + 2)
            return bigEndian ? first << 16 | second : second << 16 | first
        }

        func corrupt(_ problem: String) -> KikuchiError {
            .badInput(file, "corrupt TIFF: \(problem)")
        }
    }

    public static func read(
        _ data: UnsafeRawBufferPointer, file: String, into pixels: UnsafeMutableRawBufferPointer?,
        expecting expected: GrayImageHeader?
    ) throws -> GrayImageHeader {
        let layout = try self.layout(of: data, file: file)
        let header = layout.header
        guard let pixels, header == expected else { return header }

        let rowBytes = header.width * header.pixelType.byteCount
        var row = 0, strip = 0
        while row < header.height {
            let rows = min(layout.rowsPerStrip, header.height - row)
            let needed = rows * rowBytes
            guard strip < layout.stripOffsets.count else {
                throw KikuchiError.badInput(file, "corrupt TIFF: \(layout.stripOffsets.count) strips hold fewer than \(header.height) rows")
            }
            let offset = layout.stripOffsets[strip]
            if let counts = layout.stripByteCounts, strip < counts.count, counts[strip] < needed {
                throw KikuchiError.badInput(file, "corrupt TIFF: strip \(strip) holds \(counts[strip]) bytes, \(needed) needed")
            }
            guard offset >= 0, offset + needed <= data.count else {
                throw KikuchiError.badInput(file, "corrupt TIFF: strip \(strip) lies beyond the end of the file (truncated?)")
            }
            let destination = pixels.baseAddress! + row * rowBytes
            destination.copyMemory(from: data.baseAddress! + offset, byteCount: needed)
            if header.pixelType == .uint16 && layout.bigEndian != (UInt16(1).bigEndian == 1) {
                let samples = destination.bindMemory(to: UInt16.self, capacity: needed / 2)
                for i in 0..<needed / 2 { samples[i] = samples[i].byteSwapped }
            }
            row += rows
            strip += 1
        }
        return header
    }

    private static func unsupported(_ file: String, _ problem: String) -> KikuchiError {
        .badInput(file, "unsupported TIFF: \(problem) (only uncompressed 8- or 16-bit gray baseline TIFF is read)")
    }

    private static func layout(of data: UnsafeRawBufferPointer, file: String) throws -> Layout {
        guard data.count >= 8 else { throw KikuchiError.badInput(file, "corrupt TIFF: the file is too short for a header") }
        let bigEndian: Bool
        switch (data[0], data[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: throw KikuchiError.badInput(file, "not a TIFF file (bad byte-order mark)")
        }
        let cursor = Cursor(data: data, bigEndian: bigEndian, file: file)
        switch try cursor.uint16(at: 2) {
        case 42: break
        case 43: throw unsupported(file, "BigTIFF")
        case let magic: throw KikuchiError.badInput(file, "not a TIFF file (magic number \(magic), expected 42)")
        }
        let directory = try cursor.uint32(at: 4)
        let entryCount = try cursor.uint16(at: directory)
        var values: [Tag: [Int]] = [:]
        for entry in 0..<entryCount {
            let at = directory + 2 + 12 * entry
            guard let tag = Tag(rawValue: UInt16(try cursor.uint16(at: at))) else { continue }
            values[tag] = try readValues(of: tag, entryAt: at, cursor)
        }
        if try cursor.uint32(at: directory + 2 + 12 * entryCount) != 0 {
            throw unsupported(file, "more than one image in the file (one pattern per file)")
        }

        func single(_ tag: Tag, default fallback: Int? = nil) throws -> Int {
            if let value = values[tag]?.first { return value }
            if let fallback { return fallback }
            throw cursor.corrupt("the required tag \(tag.rawValue) (\(tag)) is missing")
        }
        if values[.tileWidth] != nil { throw unsupported(file, "tiled layout") }
        let compression = try single(.compression, default: 1)
        guard compression == 1 else { throw unsupported(file, "compression \(compression)") }
        let samples = try single(.samplesPerPixel, default: 1)
        guard samples == 1 else { throw unsupported(file, "\(samples) samples per pixel") }
        let bits = values[.bitsPerSample] ?? [1]
        guard let depth = bits.first else { throw cursor.corrupt("tag 258 (bitsPerSample) holds no value") }
        guard bits.allSatisfy({ $0 == depth }), depth == 8 || depth == 16 else {
            throw unsupported(file, "\(depth) bits per sample")
        }
        let format = try single(.sampleFormat, default: 1)
        guard format == 1 else { throw unsupported(file, "sample format \(format) (not unsigned integers)") }
        let photometric = try single(.photometric, default: 1)
        guard photometric == 1 else { throw unsupported(file, "photometric interpretation \(photometric) (not black-is-zero gray)") }

        let width = try single(.imageWidth), height = try single(.imageLength)
        guard width > 0, height > 0 else { throw cursor.corrupt("image size \(width) x \(height)") }
        guard let offsets = values[.stripOffsets], !offsets.isEmpty else {
            throw cursor.corrupt("the required tag 273 (stripOffsets) is missing")
        }
        let rowsPerStrip = min(try single(.rowsPerStrip, default: height), height)
        guard rowsPerStrip > 0 else { throw cursor.corrupt("rows per strip is 0") }
        // Uncompressed: the pixels are bytes of the file.
        let header = try GrayImageHeader(width: width, height: height, pixelType: depth == 16 ? .uint16 : .uint8)
            .checked("TIFF", file: file, decodedAtMost: data.count)
        return Layout(
            header: header,
            bigEndian: bigEndian, rowsPerStrip: rowsPerStrip,
            stripOffsets: offsets, stripByteCounts: values[.stripByteCounts])
    }

    /// The BYTE, SHORT or LONG values of the directory entry at `at`: inline in its last four bytes
    /// when they fit, otherwise at the offset stored there.
    private static func readValues(of tag: Tag, entryAt at: Int, _ cursor: Cursor) throws -> [Int] {
        let type = try cursor.uint16(at: at + 2)
        let count = try cursor.uint32(at: at + 4)
        let size: Int
        switch type {
        case 1: size = 1
        case 3: size = 2
        case 4: size = 4
        default: throw cursor.corrupt("tag \(tag.rawValue) (\(tag)) has type \(type), expected an unsigned integer")
        }
        guard count <= cursor.data.count else { throw cursor.corrupt("tag \(tag.rawValue) (\(tag)) claims \(count) values") }
        let start = count * size <= 4 ? at + 8 : try cursor.uint32(at: at + 8)
        guard start + count * size <= cursor.data.count else {
            throw cursor.corrupt("the values of tag \(tag.rawValue) (\(tag)) lie beyond the end of the file")
        }
        return try (0..<count).map { index in
            let offset = start + index * size
            switch size {
            case 1: return Int(cursor.data[offset])
            case 2: return try cursor.uint16(at: offset)
            default: return try cursor.uint32(at: offset)
            }
        }
    }
}
