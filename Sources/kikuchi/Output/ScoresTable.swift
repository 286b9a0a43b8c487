import Foundation
import KikuchiMetrics

/// The comparison's means as a plain-text table for the terminal.
enum ScoresTable {
    static func text(_ scores: [MethodScores]) -> String {
        let keys = scores.first { $0.skipped == nil }?.figures.map { ($0.key, $0.label) } ?? []
        let header = ["method"] + keys.map(\.1) + ["time (s)"]
        var rows = [header]
        var notes: [String] = []
        for score in scores {
            if let reason = score.skipped {
                notes.append("\(score.name): skipped, \(reason)")
                rows.append([score.name] + keys.map { _ in "-" } + ["-"])
                continue
            }
            let cells = keys.map { key, _ in
                score.figures.first { $0.key == key }.flatMap { MethodScores.summary(key, $0.values) }
                    .map { String(format: key == "psnr" || key == "error" ? "%.2f" : "%.4f", $0) } ?? "-"
            }
            rows.append([score.name] + cells + [String(format: "%.2f", score.seconds)])
            notes += score.notes.map { "\(score.name): \($0)" }
        }
        return (TextTable.lines(rows) + notes).joined(separator: "\n")
    }
}
