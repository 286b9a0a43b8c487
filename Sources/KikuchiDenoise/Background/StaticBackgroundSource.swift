import Foundation
import KikuchiCore
import KikuchiIO

/// Where a static background pattern comes from.
public enum StaticBackgroundSource: Equatable, Sendable {
    /// A file: a scan of any kind holding exactly one pattern, or one image (.png, .jpg, .tif).
    case file(String)
    /// The static background stored in the h5ebsd header (kikuchipy's `static_background`).
    case header
    /// The mean pattern of the scan itself, computed in one streamed pass.
    case scanMean
    /// The header's background when the scan has one, else the mean of the scan.
    case automatic

    /// The background as float values in row-major order, checked against the scan's pattern size.
    /// - Parameter scanPath: the scan's path, for messages.
    func load(
        for reader: PatternReader, scanPath: String,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> [Float] {
        let scan = reader.scan
        switch self {
        case .file(let path):
            let (width, height, values) = try Self.readFile(path)
            guard width == scan.width, height == scan.height else {
                throw KikuchiError.badInput(
                    path, "background is \(width) x \(height) pixels but the patterns of \(scanPath) are \(scan.width) x \(scan.height)")
            }
            return values
        case .header:
            guard let stored = try headerBackground(of: reader) else {
                throw KikuchiError.badInput(scanPath, "has no static background in its header; give one with --background FILE")
            }
            return stored
        case .scanMean:
            return try Self.meanPattern(of: reader, progress: progress)
        case .automatic:
            return try headerBackground(of: reader) ?? Self.meanPattern(of: reader, progress: progress)
        }
    }

    /// The h5ebsd header's background, or nil when the scan is no h5ebsd file or has none.
    private func headerBackground(of reader: PatternReader) throws -> [Float]? {
        guard let h5 = reader as? H5EBSDReader, let batch = try h5.staticBackground() else { return nil }
        return batch.floats(of: 0)
    }

    /// Width, height and pixel values of a background file: an image, or a one-pattern scan.
    static func readFile(_ path: String) throws -> (Int, Int, [Float]) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw KikuchiError.badInput(path, "background file not found")
        }
        let ext = (path as NSString).pathExtension
        if !isFolder.boolValue, let kind = ImageFileKind(fileExtension: ext) {
            let data = try ImageFileKind.contents(of: path)
            return try data.withUnsafeBytes { raw in
                let header = try kind.header(of: raw, file: path)
                var batch = PatternBatch(width: header.width, height: header.height, pixelType: header.pixelType, count: 1)
                try batch.bytes.withUnsafeMutableBytes { _ = try kind.decode(raw, file: path, into: $0, expecting: header) }
                return (header.width, header.height, batch.floats(of: 0))
            }
        }
        let reader = try ScanIO.openReader(path)
        guard reader.scan.count == 1 else {
            throw KikuchiError.badInput(path, "a background file must hold one pattern, not \(reader.scan.count)")
        }
        return (reader.scan.width, reader.scan.height, try reader.read(0).floats(of: 0))
    }

    /// The mean of every pattern of the scan, summed in double precision one batch at a time.
    static func meanPattern(
        of reader: PatternReader,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> [Float] {
        let scan = reader.scan
        guard scan.count > 0 else { return [Float](repeating: 0, count: scan.pixelsPerPattern) }
        if scan.pixelType.isInteger {
            // Exact integer totals: the double sums of the float path, without its conversions.
            var totals = [UInt64](repeating: 0, count: scan.pixelsPerPattern)
            try reader.forEachBatch(size: reader.batchSize()) { start, batch in
                totals.withUnsafeMutableBufferPointer { batch.addIntegerPixels(to: $0) }
                progress("mean pattern", start + batch.count, scan.count)
            }
            return totals.map { Float(Double($0) / Double(scan.count)) }
        }
        var sum = [Double](repeating: 0, count: scan.pixelsPerPattern)
        try reader.forEachBatch(size: reader.batchSize()) { start, batch in
            for i in 0..<batch.count {
                let pattern = batch.floats(of: i)
                for p in sum.indices { sum[p] += Double(pattern[p]) }
            }
            progress("mean pattern", start + batch.count, scan.count)
        }
        return sum.map { Float($0 / Double(scan.count)) }
    }
}
