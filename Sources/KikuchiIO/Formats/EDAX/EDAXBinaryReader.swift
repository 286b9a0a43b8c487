import Foundation
import KikuchiCore

/// Reads EDAX UP1 (uint8) and UP2 (uint16) pattern files, header versions 1, 2 and 3.
///
/// The pattern count comes from the map in the header (square: columns x rows; hex without
/// extra patterns: columns x rows - rows / 2), or for version 1 from the file size. A file
/// shorter than its header says is refused naming both counts unless `allowPartial`, which
/// reads its complete patterns; whole patterns beyond the map are ignored and reported in
/// `details["trailingPatterns"]` (kikuchipy's own test file has one).
public final class EDAXBinaryReader: PatternReader {
    public let scan: ScanDescription
    public let header: EDAXHeader
    private let file: RawFile

    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        let format = try ScanFormat.of(path: path)
        let pixelType: PixelType = format == .edaxUP1 ? .uint8 : .uint16
        file = try RawFile(reading: path)
        let size = file.size
        let head = try file.read(count: min(size, 42), at: 0)
        header = try EDAXHeader(parsing: head, path: path)

        let patternBytes = try CheckedSize.patternBytes(
            count: 1, width: header.width, height: header.height,
            pixelType: pixelType, in: path, fileSize: size)
        guard size >= header.dataOffset else {
            throw KikuchiError.badInput(path, "truncated: the header puts the pattern data at byte \(header.dataOffset) but the file has \(size) bytes")
        }
        let dataBytes = size - header.dataOffset
        let complete = dataBytes / patternBytes
        let leftover = dataBytes % patternBytes

        var details = ["headerVersion": String(header.version), "dataOffset": String(header.dataOffset)]
        if header.dataOffset <= 4096 {
            details["edaxHeader"] = Data(try file.read(count: header.dataOffset, at: 0)).base64EncodedString()
        }

        let count: Int
        var geometry: MapGeometry
        if let mapped = header.geometry {
            geometry = mapped
            let expected = try CheckedSize.patternCount(of: mapped, in: path, fileSize: size)
            let needed = try CheckedSize.patternBytes(
                count: expected, width: header.width, height: header.height,
                pixelType: pixelType, offset: header.dataOffset, in: path, fileSize: size)
            if complete < expected {
                guard options.allowPartial else {
                    throw KikuchiError.badInput(
                        path,
                        "truncated: the header's map of \(mapped.columns) x \(mapped.rows) \(mapped.grid.rawValue) positions describes \(expected) patterns of \(header.width) x \(header.height) (\(needed) bytes) but the file has \(size) bytes, \(complete) complete patterns; --allow-partial reads those"
                    )
                }
                count = complete
                details["partial"] = "\(complete) of \(expected) patterns"
            } else if leftover != 0 {
                throw KikuchiError.badInput(
                    path,
                    "file size \(size) bytes disagrees with the header: \(expected) patterns of \(header.width) x \(header.height) need \(needed) bytes, and the rest is not a whole pattern"
                )
            } else {
                count = expected
                if complete > expected { details["trailingPatterns"] = String(complete - expected) }
            }
        } else {
            if leftover != 0 && !options.allowPartial {
                throw KikuchiError.badInput(
                    path,
                    "file size \(size) bytes disagrees with the header: \(dataBytes) bytes of pattern data is not a whole number of \(header.width) x \(header.height) patterns (\(complete) complete, \(leftover) bytes left over); --allow-partial reads the complete ones"
                )
            }
            count = complete
            geometry = .line(of: count)
        }
        if geometry.patternCount != count { geometry = .line(of: count) }
        scan = ScanDescription(
            width: header.width, height: header.height, count: count, pixelType: pixelType,
            geometry: geometry, format: format, details: details)
    }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        // UP and .npy files are little-endian, as is every platform Swift runs on here.
        try file.readPatterns(range, of: scan, dataOffset: header.dataOffset)
    }
}
