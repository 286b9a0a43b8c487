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

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let timed = model ?? BundledModel.autoencoder.path
            let network = try timed.map { try modelOptions.load($0) } ?? EBSDAutoencoder.make()
            let inference = try ModelBenchmark.run(network, patterns: patterns, threads: threads)
            let preparation = preparationPatterns > 0 ? try ImageOpsBenchmark.run(patterns: preparationPatterns) : nil
            let shape = "\(inference.inputShape.height ?? 0)x\(inference.inputShape.width ?? 0)x\(inference.inputShape.channels)"
            if json {
                var figures: [String: Any] = [
                    "model": timed ?? "ebsd-autoencoder (random weights)", "inputShape": shape,
                    "threads": inference.threads, "patterns": inference.patterns,
                    "seconds": inference.seconds, "patternsPerSecond": inference.patternsPerSecond,
                    "blasKernels": BLASKernels.name
                ]
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
                print("OpenBLAS kernels: \(BLASKernels.name)")
            }
        }
    }
}
