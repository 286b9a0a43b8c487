import Foundation
import KikuchiCore
import KikuchiIO

/// A file holding the output patterns `manifest.range` of a denoising run, raw and in scan order:
/// the unit of resuming (a run writes its patterns here as they come, in any order) and of
/// sharding (`kikuchi merge` joins the parts of N shards into the final scan).
///
/// Layout: the 8 bytes `KIKPART1`, the data offset as a little-endian UInt64, the manifest as
/// JSON, zero padding up to the data offset (a multiple of 4096), then pattern `i` of the scan at
/// `dataOffset + (i - start) * bytesPerPattern` in the pixel type and byte order of this machine.
public final class ScanPart {
    static let magic = Array("KIKPART1".utf8)
    static let alignment = 4096

    public let path: String
    public let manifest: ScanPartManifest
    private let file: RawFile
    private let dataOffset: Int

    /// Creates (or replaces) the part file `path`, holding no pattern yet.
    public init(creating path: String, manifest: ScanPartManifest) throws {
        self.path = path
        self.manifest = manifest
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(manifest))
        let headerSize = ScanPart.magic.count + 8 + json.count
        dataOffset = (headerSize + ScanPart.alignment - 1) / ScanPart.alignment * ScanPart.alignment
        var header = ScanPart.magic
        withUnsafeBytes(of: UInt64(dataOffset).littleEndian) { header.append(contentsOf: $0) }
        header += json
        header += [UInt8](repeating: 0, count: dataOffset - header.count)
        file = try RawFile(creating: path)
        try file.write(header, at: 0)
    }

    /// Opens an existing part file, to read it or, with `forUpdate`, to go on writing it.
    public init(opening path: String, forUpdate: Bool = false) throws {
        self.path = path
        file = forUpdate ? try RawFile(updating: path) : try RawFile(reading: path)
        let notAPart = KikuchiError.badInput(path, "not a kikuchi part file (written by kikuchi denoise --shard)")
        guard file.size >= ScanPart.magic.count + 8,
            try file.read(count: ScanPart.magic.count, at: 0) == ScanPart.magic
        else { throw notAPart }
        let offsetBytes = try file.read(count: 8, at: ScanPart.magic.count)
        let offset = Int(truncatingIfNeeded: offsetBytes.littleEndian(UInt64.self, at: 0))
        guard offset > ScanPart.magic.count + 8, offset <= file.size else { throw notAPart }
        let json = try file.read(count: offset - ScanPart.magic.count - 8, at: ScanPart.magic.count + 8)
        let text = json.prefix { $0 != 0 }
        guard let manifest = try? JSONDecoder().decode(ScanPartManifest.self, from: Data(text)),
            manifest.format == "kikuchi-part"
        else { throw notAPart }
        let scan = manifest.scan
        guard 0 <= manifest.start, manifest.start <= manifest.end, manifest.end <= scan.count,
            scan.width > 0, scan.height > 0
        else {
            throw KikuchiError.badInput(
                path,
                "damaged part file: its manifest puts patterns \(manifest.start) ..< \(manifest.end) in a scan of \(scan.count) patterns of \(scan.width) x \(scan.height)"
            )
        }
        _ = try CheckedSize.patternCount(of: scan.geometry, in: path)
        _ = try CheckedSize.patternBytes(
            count: manifest.end - manifest.start, width: scan.width, height: scan.height,
            pixelType: scan.pixelType, offset: offset, in: path, fileSize: file.size)
        self.manifest = manifest
        dataOffset = offset
    }

    /// Whether every pattern's bytes are in the file (a part cut short by a full disk is not).
    public var hasAllBytes: Bool {
        file.size >= dataOffset + manifest.range.count * manifest.scan.bytesPerPattern
    }

    /// Writes `batch` as the scan's patterns `start ..< start + batch.count`, which must lie in the part.
    public func write(_ batch: PatternBatch, at start: Int) throws {
        let scan = manifest.scan
        precondition(
            batch.width == scan.width && batch.height == scan.height && batch.pixelType == scan.pixelType,
            "batch does not match the part's scan")
        precondition(start >= manifest.start && start + batch.count <= manifest.end, "patterns outside the part")
        try file.write(batch.bytes, at: dataOffset + (start - manifest.start) * scan.bytesPerPattern)
    }

    /// The scan's patterns `range`, which must lie in the part.
    public func read(_ range: Range<Int>) throws -> PatternBatch {
        precondition(range.lowerBound >= manifest.start && range.upperBound <= manifest.end, "patterns outside the part")
        let local = range.lowerBound - manifest.start..<range.upperBound - manifest.start
        return try file.readPatterns(local, of: manifest.scan, dataOffset: dataOffset)
    }

    /// Flushes the written patterns to disk.
    public func synchronize() throws { try file.synchronize() }
}
