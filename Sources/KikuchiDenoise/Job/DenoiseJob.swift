import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiNN

/// Runs a `PatternDenoiser` over a scan: prepares it, then reads, computes and writes at once —
/// one reading thread, `threads` workers, and the calling thread writing — with bounded queues
/// between them, so memory stays a few units of work per worker whatever the number of patterns:
/// runs of patterns, or, for the map-neighbour methods, tiles of the map (`BatchShape`), whose
/// size does not depend on the map's width either.
///
/// `run(from:to:)` with a `DenoiseDestination` is the resumable form: the computed patterns go to
/// a part file with a checkpoint beside it (see `ScanPart`, `DenoiseCheckpoint`), and only a
/// complete part becomes OUT (through the final writer) or, for a shard, the part file OUT.
/// Each output pattern depends only on its inputs, never on the batching or the order of work,
/// so resumed and sharded runs give exactly the bytes of an uninterrupted one.
public struct DenoiseJob {
    public var denoiser: PatternDenoiser
    /// Output patterns per unit of work; nil for the denoiser's preference.
    public var batchSize: Int?
    /// Workers computing at once.
    public var threads: Int
    /// Called on the writing thread after each batch with the patterns done and the total of the run.
    public var progress: ((Int, Int) -> Void)?
    /// Called during `prepare`'s passes over the scan (stage, done, total).
    public var preparationProgress: ((String, Int, Int) -> Void)?

    public init(
        denoiser: PatternDenoiser, batchSize: Int? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: ((Int, Int) -> Void)? = nil
    ) {
        self.denoiser = denoiser
        self.batchSize = batchSize
        self.threads = threads
        self.progress = progress
    }

    /// Denoises every pattern of `reader` into `writer` and finishes the writer; on any error the
    /// partial output is removed. A float32 writer gets the computed values; an integer one gets
    /// them rounded in the input's units (`--output-range pattern`), batch by batch: the
    /// scan-wide map needs every pattern computed first, as `run(from:to:)` with a destination has.
    public func run(from reader: PatternReader, to writer: PatternWriter) throws {
        let rounding = PixelConversion(target: writer.scan.pixelType)
        BLASThreads.useOne()
        do {
            try denoiser.check(reader.scan, path: "")
            try denoiser.prepare(reader) { preparationProgress?($0, $1, $2) }
            let total = reader.scan.count
            var done = 0
            try compute(reader, ranges: [0..<total]) { range, batch in
                try writer.write(rounding.apply(to: batch), at: range.lowerBound)
                done += range.count
                progress?(done, total)
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Denoises `reader` (the scan at `inputPath`) to `destination`, resuming when asked; returns
    /// the number of patterns taken over from the interrupted run and how OUT was encoded (nil
    /// for a shard, whose part keeps the computed float32 patterns until `kikuchi merge`).
    @discardableResult
    public func run(from reader: PatternReader, to destination: DenoiseDestination) throws -> (resumed: Int, output: OutputPlan?) {
        // One BLAS thread everywhere, prepare included: OpenBLAS' threads do not scale on these
        // machines, and products must not depend on the thread count, or shards and resumed runs
        // would differ from a run in one go.
        BLASThreads.useOne()
        try denoiser.check(reader.scan, path: destination.writeOptions.inputs.first ?? "")
        let scan = denoiser.outputScan(for: reader.scan)
        var writeOptions = destination.writeOptions
        if destination.shard != nil && (destination.path as NSString).pathExtension != DenoiseDestination.partExtension {
            throw KikuchiError.badInput(
                destination.path, "with --shard, OUT is a part file for 'kikuchi merge' and must end in .\(DenoiseDestination.partExtension)")
        }
        // Checks OUT (not an input, not existing without --overwrite, folder writable) before any work.
        let output = try OutputPath(destination.path, overwrite: writeOptions.overwrite, inputs: writeOptions.inputs)
        let workPath = destination.workPath
        if destination.shard == nil {
            // An impossible output type is refused before any work.
            _ = try destination.encoding.outputType(
                for: reader.scan.pixelType, path: destination.path,
                imageFormat: writeOptions.imageFormat)
        }
        let manifest = ScanPartManifest(
            scan: scan, inputPixelType: reader.scan.pixelType, encoding: destination.encoding,
            shard: destination.shard ?? .whole, identity: destination.identity)

        var checkpoint = DenoiseCheckpoint(partPath: workPath, identity: destination.identity)
        let part: ScanPart
        if destination.resume, FileManager.default.fileExists(atPath: workPath) {
            part = try ScanPart(opening: workPath, forUpdate: true)
            guard part.manifest == manifest else {
                throw KikuchiError.badInput(
                    destination.path, "the interrupted run in \(workPath) used another input, shard or settings; rerun without --resume to start again")
            }
            checkpoint = DenoiseCheckpoint.load(partPath: workPath, identity: destination.identity)
        } else {
            checkpoint.remove()
            part = try ScanPart(creating: workPath, manifest: manifest)
        }
        let resumed = checkpoint.doneCount
        try denoiser.prepare(reader) { preparationProgress?($0, $1, $2) }

        let total = manifest.range.count
        var lastSaved = Date()
        do {
            try compute(reader, ranges: checkpoint.missing(in: manifest.range)) { range, batch in
                try part.write(batch, at: range.lowerBound)
                checkpoint.insert(range)
                if Date().timeIntervalSince(lastSaved) > 0.25 {
                    try checkpoint.save()
                    lastSaved = Date()
                }
                progress?(checkpoint.doneCount, total)
            }
        } catch {
            try? checkpoint.save()
            throw error
        }
        try checkpoint.save()

        var written: OutputPlan?
        if destination.shard != nil {
            try part.synchronize()
            guard rename(workPath, output.finalPath) == 0 else {
                throw KikuchiError.processing(destination.path, "cannot move the finished part into place: \(String(cString: strerror(errno)))")
            }
        } else {
            writeOptions.overwrite = true  // OUT was checked above; a file appearing since is replaced
            written = try destination.encoding.write(
                try PartSetReader(parts: [part]), inputType: reader.scan.pixelType,
                to: destination.path, options: writeOptions)
            try? FileManager.default.removeItem(atPath: workPath)
        }
        checkpoint.remove()
        return (resumed, written)
    }

    // MARK: - The pipeline

    private enum Work {
        case input(ScanSelection, ScanSelection, PatternBatch)
        case output(ScanSelection, PatternBatch)
        case failure(Error)
    }

    /// Computes the output patterns `ranges`, cut into units of work (`units`), and hands each
    /// run of computed patterns to `deliver` on the calling thread as soon as its unit is done
    /// (not necessarily in order).
    func compute(
        _ reader: PatternReader, ranges: [Range<Int>],
        deliver: (Range<Int>, PatternBatch) throws -> Void
    ) throws {
        let scan = reader.scan
        let denoiser = self.denoiser
        let units = Self.units(of: scan, shape: shape(for: scan, ranges: ranges), ranges: ranges)
        guard !units.isEmpty else { return }
        let workers = try (0..<max(1, min(threads, units.count))).map { _ in try denoiser.makeWorker() }

        let inputs = BoundedQueue<Work>(capacity: 2 * workers.count)
        let outputs = BoundedQueue<Work>(capacity: 2 * workers.count)
        let finished = DispatchGroup()
        startThread(finished) {
            do {
                for unit in units {
                    let read = denoiser.inputs(for: unit, of: scan)
                    let batch = try Self.read(read, from: reader)
                    guard inputs.push(.input(unit, read, batch)) else { break }
                }
            } catch {
                outputs.push(.failure(error))
            }
            inputs.close()
        }
        for worker in workers {
            startThread(finished) {
                while case let .input(unit, read, batch)? = inputs.pop() {
                    do {
                        let result = try worker.denoise(batch, holding: read, outputs: unit)
                        guard outputs.push(.output(unit, result)) else { break }
                    } catch {
                        outputs.push(.failure(error))
                        break
                    }
                }
            }
        }
        defer {
            inputs.close()
            outputs.close()
            finished.wait()
        }
        for _ in units {
            switch outputs.pop() {
            case let .output(unit, batch)?:
                var slot = 0
                for run in unit.runs {
                    try deliver(run, unit.runs.count == 1 ? batch : batch.slice(slot..<slot + run.count))
                    slot += run.count
                }
            case let .failure(error)?:
                throw error
            case .input?, nil:
                throw KikuchiError.processing("", "the denoising workers stopped early")
            }
        }
    }

    /// The denoiser's batch shape, with `batchSize` patterns per unit when it is set, cut so that
    /// every worker gets a unit where the scan is small: one unit of a whole small map would leave
    /// all workers but one idle.
    func shape(for scan: ScanDescription, ranges: [Range<Int>]) -> BatchShape {
        let preferred = denoiser.batchShape(for: scan)
        if let batchSize {
            switch preferred {
            case .runs: return .runs(max(batchSize, 1))
            case .tiles: return .tiles(max(batchSize, 1))
            }
        }
        let total = ranges.reduce(0) { $0 + $1.count }
        return preferred.capped(at: (total + max(threads, 1) - 1) / max(threads, 1))
    }

    /// The units of work computing the patterns `ranges` (ascending and disjoint): runs of
    /// consecutive patterns, or the parts of the map's tiles that lie in `ranges`.
    static func units(of scan: ScanDescription, shape: BatchShape, ranges: [Range<Int>]) -> [ScanSelection] {
        switch shape {
        case .runs(let size):
            return ranges.flatMap { range in
                stride(from: range.lowerBound, to: range.upperBound, by: max(size, 1)).map {
                    ScanSelection($0..<min($0 + max(size, 1), range.upperBound))
                }
            }
        case .tiles(let size):
            return scan.geometry.tiles(ofAbout: size, count: scan.count).map { $0.intersection(ranges) }.filter { !$0.isEmpty }
        }
    }

    /// The patterns `selection`, one run after another.
    static func read(_ selection: ScanSelection, from reader: PatternReader) throws -> PatternBatch {
        guard selection.runs.count > 1 else { return try reader.read(selection.runs.first ?? 0..<0) }
        var batch = try reader.read(selection.runs[0])
        for run in selection.runs.dropFirst() { batch.append(try reader.read(run)) }
        return batch
    }

    private func startThread(_ group: DispatchGroup, _ body: @escaping () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
