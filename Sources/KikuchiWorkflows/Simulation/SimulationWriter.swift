import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim

/// Writes what `kikuchi simulate` (and `kikuchi train --simulate`) makes: the patterns, their
/// clean truth and a CSV (orientations, or training conditions), batch by batch; nothing is left
/// under a final name if any of them fails.
public struct SimulationWriter {
    public var output: String
    public var clean: String?
    public var csv: String?
    public var csvHeader: String
    public var options: WriteOptions
    /// Reports the patterns written so far of the scan's total.
    public var progress: (_ done: Int, _ total: Int) -> Void

    public init(
        output: String, clean: String?, csv: String?, csvHeader: String, options: WriteOptions,
        progress: @escaping (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) {
        self.output = output
        self.clean = clean
        self.csv = csv
        self.csvHeader = csvHeader
        self.options = options
        self.progress = progress
    }

    /// Writes `scan` from `produce` (patterns, clean patterns, CSV lines of a range of patterns).
    public func write(scan: ScanDescription, produce: (Range<Int>) throws -> (PatternBatch, PatternBatch?, [String])) throws {
        let writer = try ScanIO.createWriter(output, scan: scan, options: options)
        var cleanWriter: PatternWriter?
        var csvPath: OutputPath?
        var csvHandle: FileHandle?
        do {
            cleanWriter = try clean.map { try ScanIO.createWriter($0, scan: scan, options: options) }
            if let csv {
                let path = try OutputPath(csv, overwrite: options.overwrite, inputs: options.inputs)
                csvPath = path
                guard FileManager.default.createFile(atPath: path.temporaryPath, contents: Data("\(csvHeader)\n".utf8)),
                    let handle = FileHandle(forWritingAtPath: path.temporaryPath)
                else {
                    throw KikuchiError.processing(csv, "cannot be written")
                }
                handle.seekToEndOfFile()
                csvHandle = handle
            }
            let total = scan.count
            let batchSize = max(1, min(256, (64 << 20) / max(1, scan.bytesPerPattern * 2)))
            var start = 0
            while start < total {
                let range = start..<min(total, start + batchSize)
                let (recorded, truth, lines) = try produce(range)
                try writer.write(recorded, at: start)
                if let cleanWriter, let truth { try cleanWriter.write(truth, at: start) }
                csvHandle?.write(Data(lines.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined().utf8))
                start = range.upperBound
                progress(start, total)
            }
            try writer.finish()
            try cleanWriter?.finish()
            try csvHandle?.close()
            try csvPath?.commit()
        } catch {
            writer.abort()
            cleanWriter?.abort()
            try? csvHandle?.close()
            csvPath?.discard()
            throw error
        }
    }

    /// Writes the noisy / clean pairs of a training-set simulation (and their conditions CSV).
    public static func writePairs(
        _ simulation: TrainingSetSimulation, to output: String, clean: String, conditions: String?,
        threads: Int, options: WriteOptions,
        progress: @escaping (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws {
        let writer = SimulationWriter(
            output: output, clean: clean, csv: conditions,
            csvHeader: TrainingSetSimulation.Conditions.csvHeader, options: options, progress: progress)
        try writer.write(scan: simulation.scan) { range in
            let pairs = try simulation.pairs(range, threads: threads)
            return (pairs.noisy, pairs.clean, range.map { simulation.conditions(of: $0).csvLine })
        }
    }
}
