import KikuchiIO

/// Runs a transcode with a progress bar for each of its passes.
enum Transcoding {
    static func run(_ reader: PatternReader, to output: String, options: TranscodeOptions, quiet: Bool) throws {
        var bars: [String: ProgressBar] = [:]
        try ScanTranscoder.transcode(reader, to: output, options: options) { done, total, phase in
            let bar = bars[phase] ?? ProgressBar(total: total, label: phase == "writing" ? "patterns" : "patterns scanned", quiet: quiet)
            bars[phase] = bar
            bar.update(done)
        }
    }
}
