import Foundation
import KikuchiCore

/// Writes EDAX UP1 (uint8) or UP2 (uint16) files.
///
/// The header is version 3 with the scan's geometry, unless the scan came from a UP file whose
/// header (kept in `details["edaxHeader"]`) still describes it: then that header is written
/// byte for byte, so that unpack and repack give back the original file.
public final class EDAXBinaryWriter: PatternWriter {
    public let header: EDAXHeader
    private let store: RawPatternStore
    public var scan: ScanDescription { store.scan }

    public init(path: String, scan: ScanDescription, options: WriteOptions = WriteOptions()) throws {
        let format = try ScanFormat.of(path: path)
        let required: PixelType = format == .edaxUP1 ? .uint8 : .uint16
        guard scan.pixelType == required else {
            throw KikuchiError.badInput(
                path,
                "\(format.displayName) holds \(required.rawValue) patterns but the scan is \(scan.pixelType.rawValue); choose the depth (--depth \(required == .uint8 ? 8 : 16))"
            )
        }
        guard scan.width > 0, scan.height > 0 else {
            throw KikuchiError.badInput(path, "cannot write patterns of \(scan.width) x \(scan.height) pixels")
        }
        let headerBytes: [UInt8]
        if let kept = EDAXBinaryWriter.keptHeader(for: scan) {
            headerBytes = kept
            header = try EDAXHeader(parsing: kept, path: path)
        } else {
            header = EDAXHeader(version: 3, width: scan.width, height: scan.height, geometry: scan.geometry)
            headerBytes = header.encoded()
        }
        store = try RawPatternStore(path: path, scan: scan, header: headerBytes, dataOffset: header.dataOffset, options: options)
    }

    /// The original header of a UP source, when it still describes `scan` exactly.
    static func keptHeader(for scan: ScanDescription) -> [UInt8]? {
        guard let encoded = scan.details["edaxHeader"], let data = Data(base64Encoded: encoded),
            let kept = try? EDAXHeader(parsing: [UInt8](data), path: ""),
            kept.width == scan.width, kept.height == scan.height
        else { return nil }
        if let geometry = kept.geometry {
            guard geometry == scan.geometry else { return nil }
        } else {
            guard scan.geometry == .line(of: scan.count) else { return nil }
        }
        return [UInt8](data)
    }

    public func write(_ batch: PatternBatch, at start: Int) throws { try store.write(batch, at: start) }
    public func finish() throws { try store.finish() }
    public func abort() { store.abort() }
}
