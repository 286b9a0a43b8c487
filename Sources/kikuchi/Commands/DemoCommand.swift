import ArgumentParser
import Foundation
import KikuchiWorkflows

/// `kikuchi demo`: `Demo` with progress bars, then the scores table and where the report is.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on built-in data and say where the results are.",
        discussion:
            "Simulates a noisy 20 x 16 grain map of kinematical Ni patterns with its clean truth, unpacks it to PNG and JPEG, repacks, converts to h5ebsd and back, checks each step, then denoises it with \(methodList(DenoiserMethod.demonstrable.filter { $0 != .raw })) (each network where its bundled model is found), indexes every output against the true orientations, and writes the comparison report (report/report.html); with kikuchipy's test data ($KIKUCHI_SAMPLE_DATA or ../shared/data) the report also shows a real pattern before and after, and every method on the real Ni map indexed and ranked by the raw-pattern fit (report/real-ni/)."
    )

    @Option(name: .shortAndLong, help: "Folder for the results (created; replaced if it was a demo folder).")
    var output = "demo-output"

    @Flag(help: "No progress bars.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            let started = Date()
            var demo = Demo(output: output)
            var bars: [String: ProgressBar] = [:]
            demo.progress = { pass, done, total in
                let bar = bars[pass] ?? ProgressBar(total: total, label: "patterns (\(pass))", quiet: quiet)
                bars[pass] = bar
                bar.update(done)
            }
            let scores = try demo.run()
            print("compared    \(scores.map(\.name).joined(separator: ", ")) against the truth:")
            print(ScoresTable.text(scores).split(separator: "\n").map { "            " + $0 }.joined(separator: "\n"))
            print(String(format: "done in %.1f s; open %@", Date().timeIntervalSince(started), demo.path("report/report.html")))
        }
    }
}
