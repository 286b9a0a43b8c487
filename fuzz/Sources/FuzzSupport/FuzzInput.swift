import Foundation
import KikuchiHDF5
import KikuchiIO

/// The input as a file, for readers that take a path, and the reading every scan target does.
public enum FuzzInput {
    /// A scratch folder of this process, in memory where Linux offers one.
    public static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(base)/kikuchi-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `name` (which may hold a folder) in the scratch folder; returns its path.
    @discardableResult
    public static func file(_ bytes: [UInt8], named name: String) -> String {
        let path = "\(folder)/\(name)"
        let parent = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Opens the scan at `path` as `kikuchi info` and `convert` do, and reads every pattern.
    public static func readAll(_ path: String) throws {
        try readAll(ScanIO.openReader(path))
    }

    /// Reads every pattern of `reader` in batches of about 1 MiB.
    public static func readAll(_ reader: PatternReader) throws {
        try reader.forEachBatch(size: reader.batchSize(forBytes: 1 << 20)) { _, _ in }
    }

    /// Runs `body` (a read through libhdf5) and traps if it left an HDF5 object open, on success
    /// or on error: an open object keeps its file open in libhdf5, which would then read the
    /// next input, written to the same path, through stale metadata.
    public static func closingHDF5(_ body: () throws -> Void) rethrows {
        defer {
            let open = HDF5Library.openObjectCount
            if open != 0 { fatalError("\(open) HDF5 objects left open") }
        }
        try body()
    }

    /// `path` inside the repository (for fixtures a target starts from); an absolute path as it is.
    public static func repositoryPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(path).path
    }

    /// The bytes of the file at `repositoryPath(path)`.
    public static func repositoryFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: repositoryPath(path)).map { [UInt8]($0) }
    }
}

extension FuzzInput {
    /// A small scan kikuchi writes to `name` (its extension picks the format), as bytes: a 3 x 2
    /// map of 8 x 6 patterns of `pixelType`, each a ramp.
    public static func writtenScan(named name: String, pixelType: PixelType) throws -> [UInt8] {
        let path = "\(folder)/seed-\(name)"
        let scan = ScanDescription(
            width: 8, height: 6, count: 6, pixelType: pixelType,
            geometry: MapGeometry(columns: 3, rows: 2, stepX: 0.5, stepY: 0.5))
        var batch = PatternBatch(width: 8, height: 6, pixelType: pixelType, count: 6)
        for pattern in 0..<6 {
            batch.setPattern(pattern, from: (0..<48).map { Float(($0 * 5 + pattern * 11) % 200) })
        }
        let writer = try ScanIO.createWriter(path, scan: scan)
        try writer.write(batch, at: 0)
        try writer.finish()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
