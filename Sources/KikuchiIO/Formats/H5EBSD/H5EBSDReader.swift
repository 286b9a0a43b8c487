import KikuchiCore
import KikuchiHDF5

/// Reads the patterns of one scan of an h5ebsd file (kikuchipy, EDAX, Bruker, Oxford H5OINA or
/// EMsoft layout), streaming: each `read` selects only the requested patterns with hyperslabs.
///
/// `ReadOptions.scanGroup` picks the scan (`Scan 2`, or just `2`); the first one by name order
/// otherwise, as kikuchipy does. `scan.details` names the `layout`, `scanGroup` and
/// `patternsDataset`, lists `scans` when there are several, and carries pattern-centre and tilt
/// facts the header holds.
public final class H5EBSDReader: PatternReader {
    public let scan: ScanDescription
    private let path: String
    private let file: HDF5File
    private let located: H5EBSDScan

    public init(path: String, options: ReadOptions) throws {
        self.path = path
        do {
            file = try HDF5File(path, mode: .readOnly)
            located = try H5EBSDScan.locate(in: file, options: options)
        } catch let error as HDF5Error {
            throw KikuchiError.reading(error)
        }
        scan = located.description
    }

    /// The layout the scan was found in.
    public var layout: H5EBSDLayout { located.layout }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= scan.count, "patterns \(range) are outside 0..<\(scan.count)")
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: range.count)
        guard !range.isEmpty else { return batch }
        let type = Self.nativeType(scan.pixelType)
        let patternBytes = scan.bytesPerPattern
        do {
            try batch.bytes.withUnsafeMutableBytes { buffer in
                if let order = located.fileOrder {
                    // Bruker regions of interest: runs of consecutive file positions, one read each.
                    var index = range.lowerBound
                    while index < range.upperBound {
                        var end = index + 1
                        while end < range.upperBound && order[end] == order[end - 1] + 1 { end += 1 }
                        let slice = UnsafeMutableRawBufferPointer(
                            rebasing: buffer[(index - range.lowerBound) * patternBytes..<(end - range.lowerBound) * patternBytes])
                        try located.patterns.readRows(order[index]..<order[index] + (end - index), into: slice, as: type)
                        index = end
                    }
                } else if let columns = located.storedColumns {
                    // One read per map row touched, each into its own part of the batch.
                    var offset = 0
                    for block in Self.mapRowBlocks(range, columns: columns, height: scan.height, width: scan.width) {
                        let bytes = block.count[1] * patternBytes
                        try located.patterns.readSelection([block], into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + bytes]), as: type)
                        offset += bytes
                    }
                } else if located.patterns.shape.count == 2 {
                    try located.patterns.readAll(into: buffer, as: type)
                } else {
                    try located.patterns.readRows(range, into: buffer, as: type)
                }
            }
        } catch let error as HDF5Error {
            throw KikuchiError.reading(error)
        }
        return batch
    }

    /// The scan's static background as a batch of one pattern in its stored pixel type, or nil
    /// when the file has none (kikuchipy writes -1 when unknown).
    public func staticBackground() throws -> PatternBatch? {
        guard let dataset = located.background else { return nil }
        let shape = dataset.shape.filter { $0 != 1 }
        guard shape == [scan.height, scan.width] || (scan.width == 1 || scan.height == 1) && dataset.elementCount == scan.pixelsPerPattern else {
            throw KikuchiError.badInput(
                path, "static background \(dataset.objectPath) has shape \(dataset.shape), not the pattern size \(scan.height) x \(scan.width)")
        }
        let pixelType: PixelType
        switch dataset.elementType.nativeType {
        case .uint8?: pixelType = .uint8
        case .uint16?: pixelType = .uint16
        case .float32?, .float64?: pixelType = .float32
        default: pixelType = scan.pixelType
        }
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: pixelType, count: 1)
        do {
            try batch.bytes.withUnsafeMutableBytes { try dataset.readAll(into: $0, as: Self.nativeType(pixelType)) }
        } catch let error as HDF5Error {
            throw KikuchiError.reading(error)
        }
        return batch
    }

    /// The HDF5 memory type of a pixel type.
    static func nativeType(_ pixelType: PixelType) -> HDF5NativeType {
        switch pixelType {
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .float32: return .float32
        }
    }

    /// Blocks of a (rows, columns, H, W) dataset covering patterns `range` in scan order: one
    /// block per map row the range touches.
    static func mapRowBlocks(_ range: Range<Int>, columns: Int, height: Int, width: Int) -> [HDF5Hyperslab] {
        var blocks: [HDF5Hyperslab] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let row = index / columns, column = index % columns
            let end = min(range.upperBound, (row + 1) * columns)
            blocks.append(HDF5Hyperslab(start: [row, column, 0, 0], count: [1, end - index, height, width]))
            index = end
        }
        return blocks
    }
}
