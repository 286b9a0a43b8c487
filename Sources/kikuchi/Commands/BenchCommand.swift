import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiImage
import KikuchiNN
import KikuchiWorkflows

/// `kikuchi bench`: throughput figures of this build on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput on this machine: the network's forward pass and the pattern preparation.",
        discussion: """
            The network is --model, else the bundled model, else (no bundled model found) the \
            published architecture (ebsd-autoencoder) with random weights: its speed does not depend on \
            the weights. \
            benchmarks/nn/run.sh runs this beside Keras and ONNX Runtime, and \
            benchmarks/imageops/run.sh beside OpenCV, in the same session.
            """)

    @Option(help: "A Keras model file to time (default: the bundled model).")
    var model: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Patterns through the network.")
    var patterns = 16

    @Option(help: "Worker threads for the network (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Patterns through resize + CLAHE (0 skips it).")
    var preparationPatterns = 2000

    @Flag(
        help:
            "Also time every layer on one thread: milliseconds per pattern, share of the pass, and GFLOP/s (direct-algorithm operations) against one core's large SGEMM."
    )
    var layers = false

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let timed = model ?? BundledModel.autoencoder.path
            let network = try timed.map { try modelOptions.load($0) } ?? EBSDAutoencoder.make()
            let inference = try ModelBenchmark.run(network, patterns: patterns, threads: threads)
            let layerTimes = layers ? try ModelBenchmark.layers(network, patterns: patterns) : nil
            let gemm = layers ? ModelBenchmark.gemmRate() : nil
            let preparation = preparationPatterns > 0 ? try ImageOpsBenchmark.run(patterns: preparationPatterns) : nil
            let shape = "\(inference.inputShape.height ?? 0)x\(inference.inputShape.width ?? 0)x\(inference.inputShape.channels)"
            if json {
                var figures: [String: Any] = [
                    "model": timed ?? "ebsd-autoencoder (random weights)", "inputShape": shape,
                    "threads": inference.threads, "patterns": inference.patterns,
                    "seconds": inference.seconds, "patternsPerSecond": inference.patternsPerSecond,
                    "blasKernels": BLASKernels.name
                ]
                if let layerTimes, let gemm {
                    figures["gemmGflopsOneCore"] = gemm
                    figures["layers"] = layerTimes.map {
                        ["name": $0.name, "kind": $0.kind, "millisecondsPerPattern": $0.secondsPerPattern * 1000, "gflops": $0.gflops] as [String: Any]
                    }
                }
                if let preparation {
                    figures["preparation"] = [
                        "task": "resize 240->236 + CLAHE(3, 8x8), uint8, 1 thread",
                        "patternsPerSecond": preparation.patternsPerSecond,
                        "cpuSecondsPerPattern": preparation.cpuSeconds / Double(preparation.patterns)
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(
                    String(
                        format: "network %@ (%@): %d patterns in %.2f s with %d threads, %.2f patterns/s",
                        timed ?? "ebsd-autoencoder (random weights)", shape, inference.patterns, inference.seconds, inference.threads,
                        inference.patternsPerSecond))
                if let preparation { print("preparation \(preparation)") }
                if let layerTimes, let gemm { print(Self.layerTable(layerTimes, gemm: gemm)) }
                print("OpenBLAS kernels: \(BLASKernels.name)")
            }
        }
    }

    /// The per-layer table: layers under 0.5 % of the pass are summed in one line.
    static func layerTable(_ times: [ModelBenchmark.LayerTime], gemm: Double) -> String {
        let total = times.map(\.secondsPerPattern).reduce(0, +)
        func share(_ seconds: Double) -> String { String(format: "%.1f%%", seconds / max(total, 1e-12) * 100) }
        var rows = [["layer", "kind", "ms/pattern", "share", "GFLOP/s", "of SGEMM"]]
        var rest = 0.0
        for time in times {
            guard time.secondsPerPattern >= total * 0.005 else {
                rest += time.secondsPerPattern
                continue
            }
            let counted = time.operationsPerPattern > 0
            rows.append([
                time.name, time.kind, String(format: "%.3f", time.secondsPerPattern * 1000), share(time.secondsPerPattern),
                counted ? String(format: "%.1f", time.gflops) : "", counted ? String(format: "%.2f", time.gflops / gemm) : ""
            ])
        }
        if rest > 0 { rows.append(["(layers under 0.5 % each)", "", String(format: "%.3f", rest * 1000), share(rest), "", ""]) }
        let heading = String(format: "layers, one thread: %.2f ms a pattern; one core's 1024^3 SGEMM %.1f GFLOP/s", total * 1000, gemm)
        return ([heading] + TextTable.lines(rows, leftAligned: 2)).joined(separator: "\n")
    }
}
