import Foundation
import KikuchiIO
import KikuchiSim

/// Writes what `kikuchi simulate` (and `kikuchi train --simulate`) makes: the patterns, their
/// clean truth and a CSV (orientations, or training conditions), batch by batch; nothing is left
/// under a final name if any of them fails.
struct SimulationWriter {
    var output: String
    var clean: String?
    var csv: String?
    var csvHeader: String
    var options: WriteOptions
    var quiet: Bool

    /// Writes `scan` from `produce` (patterns, clean patterns, CSV lines of a range of patterns).
    func write(scan: ScanDescription, produce: (Range<Int>) throws -> (PatternBatch, PatternBatch?, [String])) throws {
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
                      let handle = FileHandle(forWritingAtPath: path.temporaryPath) else {
                    throw KikuchiError.processing(csv, "cannot be written")
                }
                handle.seekToEndOfFile()
                csvHandle = handle
            }
            let total = scan.count
            let batchSize = max(1, min(256, (64 << 20) / max(1, scan.bytesPerPattern * 2)))
            let bar = ProgressBar(total: total, label: "patterns", quiet: quiet)
            var start = 0
            while start < total {
                let range = start ..< min(total, start + batchSize)
                let (recorded, truth, lines) = try produce(range)
                try writer.write(recorded, at: start)
                if let cleanWriter, let truth { try cleanWriter.write(truth, at: start) }
                csvHandle?.write(Data(lines.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined().utf8))
                start = range.upperBound
                bar.update(start)
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
    static func writePairs(_ simulation: TrainingSetSimulation, to output: String, clean: String, conditions: String?,
                           threads: Int, options: WriteOptions, quiet: Bool) throws {
        let writer = SimulationWriter(output: output, clean: clean, csv: conditions,
                                      csvHeader: TrainingSetSimulation.Conditions.csvHeader, options: options, quiet: quiet)
        try writer.write(scan: simulation.scan) { range in
            let pairs = try simulation.pairs(range, threads: threads)
            return (pairs.noisy, pairs.clean, range.map { simulation.conditions(of: $0).csvLine })
        }
    }
}
