import ArgumentParser
import Foundation
import KikuchiImage

/// `kikuchi bench`: throughput figures of this build on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput on this machine: pattern preparation (resize 240->236 + CLAHE), one thread.",
        discussion: "benchmarks/imageops/run.sh runs this beside OpenCV in the same session. Network inference joins when the network lands.")

    @Option(help: "Patterns to time.")
    var patterns = 2000

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        let result = try ImageOpsBenchmark.run(patterns: patterns)
        if json {
            let figures: [String: Any] = [
                "task": "resize 240x240->236x236 INTER_LINEAR + CLAHE(3, 8x8), uint8, 1 thread",
                "patterns": result.patterns, "seconds": result.seconds, "cpuSeconds": result.cpuSeconds,
                "patternsPerSecond": result.patternsPerSecond,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(result)
        }
    }
}
