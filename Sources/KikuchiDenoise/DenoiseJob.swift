import KikuchiIO

/// Runs a `PatternDenoiser` over a scan: prepares it, then computes the output patterns batch by
/// batch and writes them; on any error the partial output is removed.
public struct DenoiseJob {
    public var denoiser: PatternDenoiser
    /// Output patterns per batch.
    public var batchSize: Int
    /// Called after each batch with the number of output patterns done.
    public var progress: ((Int) -> Void)?

    public init(denoiser: PatternDenoiser, batchSize: Int = 64, progress: ((Int) -> Void)? = nil) {
        self.denoiser = denoiser
        self.batchSize = batchSize
        self.progress = progress
    }

    /// Denoises every pattern of `reader` into `writer` and finishes the writer.
    public func run(from reader: PatternReader, to writer: PatternWriter) throws {
        do {
            try denoiser.prepare(reader) { _, _, _ in }
            let worker = try denoiser.makeWorker()
            let scan = reader.scan
            var start = 0
            while start < scan.count {
                let outputs = start ..< min(start + max(batchSize, 1), scan.count)
                let inputs = denoiser.inputs(for: outputs, of: scan)
                let batch = try worker.denoise(try reader.read(inputs), from: inputs.lowerBound, outputs: outputs)
                try writer.write(batch, at: outputs.lowerBound)
                progress?(outputs.upperBound)
                start = outputs.upperBound
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }
}
