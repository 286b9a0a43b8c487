import Foundation
import KikuchiCore

/// The kinds of file a scan can live in, chosen by extension or by being a directory.
public enum ScanFormat: String, Codable, Sendable {
    case edaxUP1 = "up1"
    case edaxUP2 = "up2"
    case h5ebsd
    case imageFolder = "images"
    case npy
    /// NORDIF `Pattern.dat` with its `Setting.txt` (read only).
    case nordif
    /// Oxford Instruments AZtec `.ebsp` (read only).
    case oxfordBinary = "ebsp"

    /// The format of `path`: a directory (or a path ending in `/`) is an image folder, otherwise the extension decides.
    public static func of(path: String) throws -> ScanFormat {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return .imageFolder
        }
        if path.hasSuffix("/") { return .imageFolder }
        switch (path as NSString).pathExtension.lowercased() {
        case "up1": return .edaxUP1
        case "up2": return .edaxUP2
        case "h5", "hdf5", "h5ebsd", "h5oina": return .h5ebsd
        case "npy": return .npy
        case "dat": return .nordif
        case "ebsp": return .oxfordBinary
        case "": return .imageFolder
        case let other:
            throw KikuchiError.badInput(
                path,
                "unknown scan kind '.\(other)' (expected .up1, .up2, .h5, .hdf5, .h5ebsd, .npy, .dat (NORDIF, read only), .ebsp (Oxford, read only) or a directory)"
            )
        }
    }

    /// A human-readable name.
    public var displayName: String {
        switch self {
        case .edaxUP1: return "EDAX UP1"
        case .edaxUP2: return "EDAX UP2"
        case .h5ebsd: return "h5ebsd"
        case .imageFolder: return "image folder"
        case .npy: return "NumPy .npy"
        case .nordif: return "NORDIF .dat"
        case .oxfordBinary: return "Oxford .ebsp"
        }
    }
}
