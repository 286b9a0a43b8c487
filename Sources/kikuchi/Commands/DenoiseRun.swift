import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiNN

/// Runs any denoiser for a command: progress bars, the resumable job, and a note on how to go on
/// when a run stops halfway.
enum DenoiseRun {
    /// Where a scan-wide intensity map is recorded in OUT, or nil where its kind has no place.
    static func recordPlace(_ path: String) -> String? {
        switch try? ScanFormat.of(path: path) {
        case .h5ebsd?: return "the patterns dataset's attributes intensity_scale and intensity_offset"
        case .imageFolder?: return "scan.json"
        default: return nil
        }
    }

    static func execute(
        _ denoiser: PatternDenoiser, reader: PatternReader, input: String, output: String,
        shard: Shard?, resume: Bool, identity: String, images: ImageOutputOptions,
        encoding: OutputEncoding, outputOptions: OutputOptions, threads: Int
    ) throws {
        let options = WriteOptions(
            overwrite: outputOptions.overwrite, inputs: [input],
            imageFormat: images.format, jpegQuality: images.quality)
        let destination = DenoiseDestination(
            path: output, shard: shard, resume: resume, identity: identity, writeOptions: options,
            encoding: encoding)
        var bars: [String: ProgressBar] = [:]
        var job = DenoiseJob(denoiser: denoiser, threads: threads)
        job.preparationProgress = { stage, done, total in
            let bar = bars[stage] ?? ProgressBar(total: total, label: stage, quiet: outputOptions.quiet)
            bars[stage] = bar
            bar.update(done)
        }
        var bar: ProgressBar?
        job.progress = { done, total in
            if bar == nil { bar = ProgressBar(total: total, label: "patterns", quiet: outputOptions.quiet, startingAt: done) }
            bar?.update(done)
        }
        do {
            let (resumed, written) = try job.run(from: reader, to: destination)
            if resumed > 0 {
                print("resumed: \(resumed) patterns were taken over from the interrupted run")
            }
            if let written { print(written.summary(recordedIn: recordPlace(output))) }
            for note in denoiser.notes { print(note) }
        } catch {
            guard FileManager.default.fileExists(atPath: destination.checkpointPath) else { throw error }
            // The error line first, then how to go on from the patterns kept.
            guard let known = error as? KikuchiError else { throw error }
            FileHandle.standardError.write(Data("kikuchi: error: \(known.description)\n".utf8))
            FileHandle.standardError.write(
                Data("kikuchi: note: the patterns done so far are kept beside \(output); rerun the same command with --resume to go on\n".utf8))
            throw ExitCode(known.exitStatus)
        }
    }
}
