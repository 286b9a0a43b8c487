import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiIndex
import KikuchiMetrics
import KikuchiNN
import KikuchiSim
import KikuchiWorkflows

/// `kikuchi compare IN [--truth CLEAN] -o DIR`: every method on the same scan, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several denoisers on one scan and report their quality side by side.",
        discussion: """
            DIR receives each method's output (METHOD.h5), metrics.csv and metrics.json (per method: mean \
            PSNR, SSIM and NCC against the truth when --truth is given, mean image quality and neighbour dot \
            product always, and the time taken), montage PNGs of the same patterns across methods, maps of \
            each figure, and report.html showing all of it.

            With --index (and --phase or --master, --pc), every output is indexed the same way (dictionary \
            indexing, as `kikuchi index`) and the methods are ranked by the raw-pattern fit: the normalised \
            cross-correlation of each raw pattern with the pattern simulated at the orientation found from the \
            method's output, which smoothing cannot raise. Beside it: the fraction indexed with a confident match \
            (a raw-pattern fit 6 standard deviations above the raw pattern's mean fit over the dictionary), the \
            output's own match NCC, and with --truth-orientations the fraction within 2 degrees and the median error; \
            the report draws each method's orientation map in IPF-Z colours (maps/ipf-z_METHOD.png, key maps/ipf-key.png).
            """)

    @Argument(help: "The (noisy) scan.")
    var input: String

    @Option(help: "The clean scan, same patterns in the same order, for PSNR, SSIM and NCC.")
    var truth: String?

    @Option(name: .shortAndLong, help: "The report folder.")
    var output: String

    @Option(
        help:
            "Comma-separated methods: \(DenoiserMethod.names.joined(separator: ", ")) (default: raw, autoencoder, pca, nlpar, npa, regions, nlpar-network, regions-network, each network where its model is found; a method that cannot run on the scan is reported as skipped)."
    )
    var methods: String?

    @Option(help: "The Keras model of the autoencoder method (default: the bundled model).")
    var model: String?

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var classic: ClassicMethodOptions

    @Flag(help: "Index every output and rank the methods by the raw-pattern fit (needs --phase or --master, and --pc).")
    var index = false

    @Option(help: "With --index: the true orientations (CSV, header phi1,Phi,phi2, one row per pattern) for the error figures.")
    var truthOrientations: String?

    @OptionGroup(title: "Indexing (with --index)") var indexing: IndexingOptions

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        for name in methodNames { _ = try DenoiserMethod.named(onCommandLine: name) }
        guard !methodNames.isEmpty else { throw ValidationError("--methods lists no method") }
        if index && !indexing.given { throw ValidationError("--index needs --phase or --master, and --pc") }
        if !index && (indexing.given || truthOrientations != nil) {
            throw ValidationError("--phase, --master, --pc and --truth-orientations go with --index")
        }
    }

    private var methodNames: [String] {
        guard let methods else { return defaultMethods }
        return methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private var defaultMethods: [String] {
        DenoiserMethod.compared(modelGiven: model != nil).map(\.rawValue)
    }

    func run() throws {
        try reportingErrors {
            let settings = classic.settings(scanPath: input, model: model, modelOptions: modelOptions, threads: threads)
            let chosen = try methodNames.map { ComparisonMethod(name: $0, denoiser: try settings.make(try DenoiserMethod(named: $0))) }
            var comparison = ScanComparison(threads: threads)
            if index { comparison.verdict = try verdict() }
            var bars: [String: ProgressBar] = [:]
            comparison.progress = { method, done, total in
                let bar = bars[method] ?? ProgressBar(total: total, label: "patterns (\(method))", quiet: outputOptions.quiet)
                bars[method] = bar
                bar.update(done)
            }
            let scores = try comparison.run(
                inputPath: input, truthPath: truth, methods: chosen, folder: output,
                overwrite: outputOptions.overwrite, readOptions: inputOptions.readOptions)
            print(ScoresTable.text(scores))
            if index { print("ranked by the raw-pattern fit (the raw pattern against the orientation found from each output)") }
            print("report: \((output as NSString).appendingPathComponent("report.html"))")
        }
    }

    /// The indexing of --index, for the input's pattern size; the true orientations must match the scan.
    private func verdict() throws -> IndexingVerdict {
        let scan = try ScanIO.openReader(input, options: inputOptions.readOptions).scan
        let truth = try truthOrientations.map { try OrientationsCSV.read($0) }
        if let truth, let path = truthOrientations, truth.count != scan.count {
            throw KikuchiError.badInput(path, "holds \(truth.count) orientations but the scan \(scan.count) patterns")
        }
        let crystal = try indexing.crystal()
        let indexer = try ScanIndexer(
            master: crystal.master, detector: try indexing.detector(width: scan.width, height: scan.height), group: crystal.group,
            settings: indexing.settings(width: scan.width, threads: threads))
        return IndexingVerdict(indexer: indexer, truth: truth)
    }
}
