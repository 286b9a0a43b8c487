import KikuchiCore

/// The shared body of the writers whose patterns lie contiguously after a header (UP1/UP2,
/// .npy): a header at byte 0, pattern `i` at `dataOffset + i * bytesPerPattern`, written under
/// the output's temporary name and renamed into place once every pattern is there.
final class RawPatternStore {
    let scan: ScanDescription
    private let dataOffset: Int
    private let output: OutputPath
    private let file: RawFile
    private var written = WrittenRanges()

    init(path: String, scan: ScanDescription, header: [UInt8], dataOffset: Int, options: WriteOptions) throws {
        self.scan = scan
        self.dataOffset = dataOffset
        output = try OutputPath(path, overwrite: options.overwrite, inputs: options.inputs)
        do {
            file = try RawFile(creating: output.temporaryPath)
            try file.write(header, at: 0)
        } catch {
            output.discard()
            throw error
        }
    }

    deinit { output.discard() }

    func write(_ batch: PatternBatch, at start: Int) throws {
        precondition(
            batch.width == scan.width && batch.height == scan.height && batch.pixelType == scan.pixelType,
            "batch does not match the scan being written")
        precondition(start >= 0 && start + batch.count <= scan.count, "pattern range out of bounds")
        try file.write(batch.bytes, at: dataOffset + start * scan.bytesPerPattern)
        written.insert(start..<start + batch.count)
    }

    func finish() throws {
        if let missing = written.firstMissing(below: scan.count) {
            throw KikuchiError.processing(output.finalPath, "pattern \(missing) was never written; the output is incomplete")
        }
        try output.commit()
    }

    func abort() { output.discard() }
}
