/// Writes a scan as a `.npy` array of shape (N, H, W) in its pixel type.
public final class NPYWriter: PatternWriter {
    private let store: RawPatternStore
    public var scan: ScanDescription { store.scan }

    public init(path: String, scan: ScanDescription, options: WriteOptions = WriteOptions()) throws {
        let header = NPYHeader(pixelType: scan.pixelType, shape: [scan.count, scan.height, scan.width])
        store = try RawPatternStore(path: path, scan: scan, header: header.encoded(), dataOffset: header.dataOffset, options: options)
    }

    public func write(_ batch: PatternBatch, at start: Int) throws { try store.write(batch, at: start) }
    public func finish() throws { try store.finish() }
    public func abort() { store.abort() }
}
