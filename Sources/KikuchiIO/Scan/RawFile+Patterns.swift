import KikuchiCore

extension RawFile {
    /// Patterns `range` of a file whose patterns of `scan`'s size lie contiguously from `dataOffset`.
    public func readPatterns(_ range: Range<Int>, of scan: ScanDescription, dataOffset: Int) throws -> PatternBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= scan.count, "pattern range out of bounds")
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: range.count)
        try batch.bytes.withUnsafeMutableBytes { buffer in
            try read(into: buffer, at: dataOffset + range.lowerBound * scan.bytesPerPattern)
        }
        return batch
    }
}
