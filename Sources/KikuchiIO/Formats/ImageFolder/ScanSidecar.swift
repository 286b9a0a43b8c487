import Foundation
import KikuchiCore

/// `scan.json`, written beside the images of an unpacked scan: what a repack needs to restore
/// the original file — geometry, original pixel type, the intensity map, and the source header.
public struct ScanSidecar: Codable, Equatable {
    public static let fileName = "scan.json"

    /// Bumped when the layout changes.
    public var sidecarVersion: Int = 1
    public var count: Int
    public var width: Int
    public var height: Int
    /// The pixel type of the images (8-bit or 16-bit integers).
    public var storedPixelType: PixelType
    /// The pixel type of the scan the images came from.
    public var originalPixelType: PixelType
    /// original = stored * scale + offset; absent when the values were kept as they are.
    public var intensity: IntensityMapping?
    public var geometry: MapGeometry
    /// The image file extension: `png` or `jpg`.
    public var imageExtension: String
    /// The format of the source file and its header facts (e.g. `headerVersion`, `edaxHeader`).
    public var sourceFormat: ScanFormat?
    public var sourceDetails: [String: String]

    public init(scan: ScanDescription, storedPixelType: PixelType, intensity: IntensityMapping?, imageExtension: String) {
        count = scan.count
        width = scan.width
        height = scan.height
        self.storedPixelType = storedPixelType
        originalPixelType = scan.pixelType
        self.intensity = intensity
        geometry = scan.geometry
        self.imageExtension = imageExtension
        sourceFormat = scan.format
        sourceDetails = scan.details
    }

    /// Reads `scan.json` from `folder`, or nil when there is none.
    public static func load(fromFolder folder: String) throws -> ScanSidecar? {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = RawFile.contents(of: path).map({ Data($0) }) else { return nil }
        do {
            return try JSONDecoder().decode(ScanSidecar.self, from: data)
        } catch {
            throw KikuchiError.badInput(path, "not a kikuchi scan.json: \(error)")
        }
    }

    /// Writes `scan.json` into `folder`.
    public func save(toFolder folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = (folder as NSString).appendingPathComponent(ScanSidecar.fileName)
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(self)) else {
            throw KikuchiError.processing(path, "cannot write")
        }
    }
}
