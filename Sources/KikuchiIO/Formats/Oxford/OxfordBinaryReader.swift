import KikuchiCore

/// Reads Oxford Instruments AZtec binary pattern files (`.ebsp`, versions 0 to 6; see
/// `OxfordBinaryLayout`): patterns in scan order whatever order the file stores them in.
///
/// Map positions without a pattern (offset 0) are left out and the rest read as one line, as
/// kikuchipy does (`details["missingPatterns"]`). The map comes from the beam positions in the
/// record footers; where the file holds none the patterns form one line (`--columns` / `--rows`
/// set it on output). Every record read is checked against the first one's header.
public final class OxfordBinaryReader: PatternReader {
    public let scan: ScanDescription
    public let layout: OxfordBinaryLayout
    private let file: RawFile
    private let path: String
    /// Record offsets of the patterns, in scan order.
    private let records: [Int]

    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        self.path = path
        file = try RawFile(reading: path)
        layout = try OxfordBinaryLayout(file: file, path: path)
        records = layout.offsets.filter { $0 != 0 }
        var details = ["version": String(layout.version), "recordBytes": String(layout.recordBytes)]
        let missing = layout.offsets.count - records.count
        if missing > 0 { details["missingPatterns"] = "\(missing) of \(layout.offsets.count) map positions have no pattern" }
        if zip(records, records.dropFirst()).contains(where: { $0 >= $1 }) { details["fileOrder"] = "not scan order" }
        let geometry = try layout.geometry(in: file) ?? .line(of: records.count)
        scan = ScanDescription(
            width: layout.width, height: layout.height, count: records.count, pixelType: layout.pixelType,
            geometry: geometry, format: .oxfordBinary, details: details)
    }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= scan.count, "pattern range out of bounds")
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: range.count)
        let headerBytes = layout.headerBytes, dataBytes = layout.dataBytes
        var record = [UInt8](repeating: 0, count: headerBytes + dataBytes)
        try batch.bytes.withUnsafeMutableBytes { pixels in
            for (slot, index) in range.enumerated() {
                try record.withUnsafeMutableBytes { try file.read(into: $0, at: records[index]) }
                let header = try OxfordBinaryLayout.recordHeader(Array(record[..<headerBytes]), version: layout.version)
                guard header.compressed == 0, header.rows == scan.height, header.columns == scan.width, header.dataBytes == dataBytes else {
                    throw KikuchiError.badInput(
                        path,
                        "pattern \(index) at byte \(records[index]) has a header of \(header.columns) x \(header.rows) pixels in \(header.dataBytes) bytes\(header.compressed != 0 ? ", compressed" : ""), unlike pattern 0 (\(scan.width) x \(scan.height) in \(dataBytes))"
                    )
                }
                record.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: pixels[(slot * dataBytes)...])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[headerBytes...]))
                }
            }
        }
        return batch
    }
}
