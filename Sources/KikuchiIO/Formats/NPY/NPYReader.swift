import KikuchiCore

/// Reads `.npy` pattern stacks: uint8, uint16 or float32 arrays of shape (N, H, W),
/// (N, H, W, 1) or a single (H, W) pattern, in C order.
public final class NPYReader: PatternReader {
    public let scan: ScanDescription
    public let header: NPYHeader
    private let file: RawFile

    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        file = try RawFile(reading: path)
        let size = file.size
        header = try NPYHeader(parsing: try file.read(count: min(size, 65_536 + 12), at: 0), path: path)
        let shape = header.shape
        let (count, height, width): (Int, Int, Int)
        switch shape.count {
        case 2: (count, height, width) = (1, shape[0], shape[1])
        case 3: (count, height, width) = (shape[0], shape[1], shape[2])
        case 4 where shape[3] == 1: (count, height, width) = (shape[0], shape[1], shape[2])
        default:
            throw KikuchiError.badInput(path, ".npy shape \(shape) is not a pattern stack (N, H, W), (N, H, W, 1) or (H, W)")
        }
        guard count >= 0, width > 0, height > 0 else {
            throw KikuchiError.badInput(path, ".npy shape \(shape) holds \(count) patterns of \(width) x \(height) pixels")
        }
        let needed = try CheckedSize.patternBytes(
            count: count, width: width, height: height, pixelType: header.pixelType,
            offset: header.dataOffset, in: path, fileSize: size)
        if size < needed && !options.allowPartial {
            throw KikuchiError.badInput(path, "truncated: shape \(shape) needs \(needed) bytes but the file has \(size)")
        }
        let available = min(count, max(size - header.dataOffset, 0) / (width * height * header.pixelType.byteCount))
        scan = ScanDescription(
            width: width, height: height, count: available, pixelType: header.pixelType,
            format: .npy, details: ["shape": "\(shape)"])
    }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        // UP and .npy files are little-endian, as is every platform Swift runs on here.
        try file.readPatterns(range, of: scan, dataOffset: header.dataOffset)
    }
}
