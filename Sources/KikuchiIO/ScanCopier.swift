/// Streams every pattern of a reader through an optional transform into a writer, in batches of
/// bounded size, and finishes the writer; on any error the partial output is removed.
public struct ScanCopier {
    /// Applied to each batch between reading and writing (type changes, resizing, CLAHE...).
    public var transform: ((PatternBatch) throws -> PatternBatch)?
    /// Patterns per batch.
    public var batchSize: Int
    /// Called after each batch with the number of patterns done.
    public var progress: ((Int) -> Void)?

    public init(batchSize: Int, transform: ((PatternBatch) throws -> PatternBatch)? = nil, progress: ((Int) -> Void)? = nil) {
        self.batchSize = batchSize
        self.transform = transform
        self.progress = progress
    }

    public func copy(from reader: PatternReader, to writer: PatternWriter) throws {
        do {
            try reader.forEachBatch(size: batchSize) { start, batch in
                try writer.write(try transform?(batch) ?? batch, at: start)
                progress?(start + batch.count)
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }
}
