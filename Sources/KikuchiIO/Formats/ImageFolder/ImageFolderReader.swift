import Foundation
import KikuchiCore

/// Reads a folder of pattern images (`0.png`, `1.png`, ...; also JPEG and TIFF) as a scan.
///
/// The listing is one directory pass (see `ImageFolderLayout`); only the first image's header is
/// read up front, for the pattern size and bit depth, and every other image is checked against it
/// when it is decoded. `read(_:)` decodes only the asked range, on all cores. Geometry and the
/// source header come from `scan.json` when the folder has one; otherwise the patterns form one row.
public final class ImageFolderReader: PatternReader {
    /// Size, count and geometry; `pixelType` is the images' stored type (`uint8` or `uint16`).
    public let scan: ScanDescription
    /// The folder's `scan.json`, when present: how to map the stored intensities back to the
    /// original pixel type on repack.
    public let sidecar: ScanSidecar?
    /// The folder's file names and kinds, in index order.
    public let layout: ImageFolderLayout
    /// The size and depth every image must have: those of pattern 0.
    public let imageHeader: GrayImageHeader

    /// The largest pattern side accepted, so that a corrupt header cannot ask for terabytes.
    public static let maximumSide = 1 << 15

    /// Opens the image folder at `path`.
    ///
    /// - Throws: `badInput` for a missing or empty folder, a gap in the indices, an unreadable
    ///   first image, or a `scan.json` that disagrees with the images.
    public init(path: String, options: ReadOptions) throws {
        let layout = try ImageFolderLayout(folder: path)
        let sidecar = try ScanSidecar.load(fromFolder: path)
        let firstPath = layout.path(of: 0)
        let header = try ImageFolderReader.readFile(firstPath) { data in
            try layout.kind(of: 0).header(of: data, file: firstPath)
        }
        guard header.width > 0, header.height > 0,
            header.width <= ImageFolderReader.maximumSide, header.height <= ImageFolderReader.maximumSide
        else {
            throw KikuchiError.badInput(firstPath, "pattern size \(header.sizeName) is not supported (1 to \(ImageFolderReader.maximumSide) pixels a side)")
        }

        var geometry = MapGeometry.line(of: layout.count)
        var details: [String: String] = [:]
        if let sidecar {
            let sidecarPath = (path as NSString).appendingPathComponent(ScanSidecar.fileName)
            guard sidecar.count == layout.count else {
                throw KikuchiError.badInput(
                    sidecarPath, "says \(sidecar.count) patterns but the folder holds \(layout.count) images (0 to \(layout.count - 1))")
            }
            guard try CheckedSize.patternCount(of: sidecar.geometry, in: sidecarPath) == layout.count else {
                throw KikuchiError.badInput(
                    sidecarPath, "its geometry \(sidecar.geometry) holds \(sidecar.geometry.patternCount) patterns, not \(layout.count)")
            }
            guard sidecar.storedPixelType == header.pixelType else {
                let stored = GrayImageHeader(width: 0, height: 0, pixelType: sidecar.storedPixelType)
                throw KikuchiError.badInput(sidecarPath, "says the images are \(stored.depthName) but \(layout.fileName(of: 0)) is \(header.depthName)")
            }
            geometry = sidecar.geometry
            details = sidecar.sourceDetails
        }
        self.layout = layout
        self.sidecar = sidecar
        imageHeader = header
        scan = ScanDescription(
            width: header.width, height: header.height, count: layout.count,
            pixelType: header.pixelType, geometry: geometry, format: .imageFolder, details: details)
    }

    /// Decodes patterns `range`, several images at once.
    ///
    /// - Throws: `badInput(file, ...)` for the lowest-numbered image that is unreadable or whose
    ///   size or bit depth differs from pattern 0's.
    public func read(_ range: Range<Int>) throws -> PatternBatch {
        guard range.lowerBound >= 0, range.upperBound <= scan.count else {
            throw KikuchiError.processing(layout.folder, "patterns \(range.lowerBound) ..< \(range.upperBound) are outside 0 ..< \(scan.count)")
        }
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: range.count)
        let bytesPerPattern = batch.bytesPerPattern
        var failures = [KikuchiError?](repeating: nil, count: range.count)
        batch.bytes.withUnsafeMutableBytes { pixels in
            failures.withUnsafeMutableBufferPointer { failureSlots in
                let failures = failureSlots
                let decodeOne = { (offset: Int) in
                    let destination = UnsafeMutableRawBufferPointer(rebasing: pixels[offset * bytesPerPattern..<(offset + 1) * bytesPerPattern])
                    do {
                        try self.decode(range.lowerBound + offset, into: destination)
                    } catch let error as KikuchiError {
                        failures[offset] = error
                    } catch {
                        failures[offset] = .processing(self.layout.path(of: range.lowerBound + offset), "\(error)")
                    }
                }
                if range.count == 1 {
                    decodeOne(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: range.count, execute: decodeOne)
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return batch
    }

    /// Decodes pattern `index` into `destination`, checking its size and depth against pattern 0.
    private func decode(_ index: Int, into destination: UnsafeMutableRawBufferPointer) throws {
        let path = layout.path(of: index)
        let found = try ImageFolderReader.readFile(path) { data in
            try layout.kind(of: index).decode(data, file: path, into: destination, expecting: imageHeader)
        }
        let first = layout.fileName(of: 0)
        if found.width != imageHeader.width || found.height != imageHeader.height {
            throw KikuchiError.badInput(path, "pattern size \(found.sizeName) differs from \(first) (\(imageHeader.sizeName)); all patterns must have one size")
        }
        if found.pixelType != imageHeader.pixelType {
            throw KikuchiError.badInput(path, "\(found.depthName) image differs from \(first) (\(imageHeader.depthName)); all patterns must have one bit depth")
        }
    }

    private static func readFile<T>(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let data = try ImageFileKind.contents(of: path)
        return try data.withUnsafeBytes(body)
    }
}
