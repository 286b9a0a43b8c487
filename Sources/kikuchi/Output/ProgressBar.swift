import Foundation

/// Progress of a long job on standard error: a redrawn bar with rate and time left on a
/// terminal, a plain line every few seconds otherwise, nothing with `--quiet`.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let quiet: Bool
    private let onTerminal = isatty(STDERR_FILENO) != 0
    private let started = Date()
    private var lastShown = Date.distantPast
    /// Items already done before this bar started (a resumed run): not counted in the rate.
    private let initial: Int

    init(total: Int, label: String = "patterns", quiet: Bool, startingAt initial: Int = 0) {
        self.total = total
        self.label = label
        self.quiet = quiet
        self.initial = initial
    }

    /// Reports that `done` of `total` items are complete.
    func update(_ done: Int) {
        guard !quiet else { return }
        let now = Date()
        let interval = onTerminal ? 0.1 : 5
        guard done >= total || now.timeIntervalSince(lastShown) >= interval else { return }
        lastShown = now
        let line = describe(done, elapsed: now.timeIntervalSince(started))
        if onTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)\(done >= total ? "\n" : "")".utf8))
        } else {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }

    private func describe(_ done: Int, elapsed: TimeInterval) -> String {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        // Below a tenth of a second the rate is noise (a fast stage would show millions per second).
        let rate = elapsed >= 0.1 ? Double(done - initial) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        return String(format: "[%@] %d/%d %@  %.0f/s  %@ left", bar, done, total, label, rate, ProgressBar.clock(left))
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// A progress report for a library workflow: one bar of "patterns", made at the first report,
/// when the total is known.
func progressBar(quiet: Bool, label: String = "patterns") -> (_ done: Int, _ total: Int) -> Void {
    var bar: ProgressBar?
    return { done, total in
        if bar == nil { bar = ProgressBar(total: total, label: label, quiet: quiet) }
        bar?.update(done)
    }
}
