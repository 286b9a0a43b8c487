import KikuchiIO

/// Runs a transcode with a progress bar for each of its passes.
enum Transcoding {
    static func run(_ reader: PatternReader, to output: String, options: TranscodeOptions, quiet: Bool) throws {
        // A folder's scan.json repeats its source's details; the warnings were given at unpack.
        let describesThisFile = reader.scan.format != .imageFolder
        if describesThisFile, let extra = reader.scan.details["trailingPatterns"] {
            warn("\(extra) pattern(s) stored beyond the \(reader.scan.count) positions of the header's map are ignored")
        }
        if describesThisFile, let partial = reader.scan.details["partial"] {
            warn("reading a truncated file: \(partial)")
        }
        var bars: [String: ProgressBar] = [:]
        try ScanTranscoder.transcode(reader, to: output, options: options) { done, total, phase in
            let bar = bars[phase] ?? ProgressBar(total: total, label: phase == "writing" ? "patterns" : "patterns scanned", quiet: quiet)
            bars[phase] = bar
            bar.update(done)
        }
    }
}
