import Foundation
import KikuchiCore

/// Streams every pattern of a reader through an optional transform into a writer and finishes
/// the writer; on any error the partial output is removed.
///
/// Reading runs on its own thread, one bounded queue of two batches ahead of the transform and
/// the writing, so that disk reads overlap with work and writes while at most about three
/// batches are in memory.
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

    private enum Step {
        case batch(Int, PatternBatch)
        case failure(Error)
    }

    public func copy(from reader: PatternReader, to writer: PatternWriter) throws {
        let queue = BoundedQueue<Step>(capacity: 2)
        let size = batchSize
        let producer = Thread {
            do {
                try reader.forEachBatch(size: size) { start, batch in
                    guard queue.push(.batch(start, batch)) else { throw CancellationError() }
                }
            } catch is CancellationError {
            } catch {
                queue.push(.failure(error))
            }
            queue.close()
        }
        producer.start()
        do {
            while let step = queue.pop() {
                switch step {
                case let .failure(error):
                    throw error
                case let .batch(start, batch):
                    try writer.write(try transform?(batch) ?? batch, at: start)
                    progress?(start + batch.count)
                }
            }
            try writer.finish()
        } catch {
            queue.close()
            writer.abort()
            throw error
        }
    }
}
