import KikuchiCore

/// Opens scans for reading and creates them for writing, choosing the format by the path.
public enum ScanIO {
    /// A reader for the scan at `path` (a file or an image folder).
    public static func openReader(_ path: String, options: ReadOptions = ReadOptions()) throws -> PatternReader {
        switch try ScanFormat.of(path: path) {
        case .edaxUP1, .edaxUP2: return try EDAXBinaryReader(path: path, options: options)
        case .h5ebsd: return try H5EBSDReader(path: path, options: options)
        case .imageFolder: return try ImageFolderReader(path: path, options: options)
        case .npy: return try NPYReader(path: path, options: options)
        case .nordif: return try NORDIFReader(path: path, options: options)
        case .oxfordBinary: return try OxfordBinaryReader(path: path, options: options)
        }
    }

    /// A writer of `scan` to `path`, under a temporary name until `finish()`.
    /// - Parameter format: the kind to write; by default chosen from the path.
    public static func createWriter(
        _ path: String, scan: ScanDescription, options: WriteOptions = WriteOptions(),
        format: ScanFormat? = nil
    ) throws -> PatternWriter {
        let format = try format ?? ScanFormat.of(path: path)
        switch format {
        case .edaxUP1, .edaxUP2: return try EDAXBinaryWriter(path: path, scan: scan, options: options)
        case .h5ebsd: return try H5EBSDWriter(path: path, scan: scan, options: options)
        case .imageFolder: return try ImageFolderWriter(path: path, scan: scan, options: options)
        case .npy: return try NPYWriter(path: path, scan: scan, options: options)
        case .nordif, .oxfordBinary:
            throw KikuchiError.badInput(path, "\(format.displayName) files are read, not written; choose .up1, .up2, .h5 or .npy")
        }
    }
}
