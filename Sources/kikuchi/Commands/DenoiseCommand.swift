import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiNN
import KikuchiWorkflows

/// `kikuchi denoise IN -o OUT`: the whole scan through a denoiser, streamed, in parallel,
/// resumable and shardable.
struct DenoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Denoise a whole scan: region averaging, NLPAR, PCA, neighbour averaging or the networks.",
        discussion: """
            --method \(DenoiserMethod.recommended.rawValue) (default): \(DenoiserMethod.recommended.summary); it has no trained part, \
            leaves clean real patterns unchanged (benchmarks/real) and indexes best of the model-free methods on simulated scans \
            (docs/benchmarks.md). The networks learned simulated patterns and erase or invent bands on real detector patterns \
            (benchmarks/real/README.md). --method autoencoder, each pattern: optional CLAHE (--clahe-before), scaled to [0, 1] (--input-range), resized to the \
            network's input (OpenCV INTER_LINEAR), the network, resized back to the input's units, optional CLAHE (--clahe-after). \
            Every method computes in float32 and rounds once, when OUT is written: by default (--output-range scan) one map of the \
            whole scan's min..max onto the integer output type's full range, so a scan of raw counts keeps what the denoiser \
            gained; the map is reported and recorded in h5ebsd attributes and scan.json. OUT is written under a temporary name and renamed \
            when complete. --method pca (--components K, --pca-model FILE), nlpar (--lambda L|auto, --radius R), \
            npa (--window CxR, --kernel K), regions (--radius R: the map merged into regions of agreeing patterns, \
            each pattern the mean of its region's patterns within R map steps; no model, and the best classic method at low doses), \
            nlpar-autoencoder (NLPAR, then the network on its output), \
            nlpar-network (NLPAR, then a network that sees each pattern's 3 x 3 map neighbourhood beside NLPAR's output: 10 input \
            channels; the bundled neighbour network unless --model), regions-network (the same with region averaging in NLPAR's \
            place and its own bundled network; the best for indexing at very low doses), static or dynamic (background correction). The computed patterns are kept in .OUT.work until then, so an interrupted run goes on \
            with --resume. --shard K/N computes only the K-th of N equal parts into a .kpart file; \
            'kikuchi merge' joins the parts.
            """)

    @Argument(help: "The scan to denoise.")
    var input: String

    @Option(name: .shortAndLong, help: "The denoised scan; its kind follows from the extension (a folder for images).")
    var output: String

    @Option(help: "The method: \(methodList(DenoiserMethod.denoisers)).")
    var method = DenoiserMethod.recommended.rawValue

    @Option(help: "The Keras model file (.h5, .keras, .weights.h5 with --architecture); default: the bundled model.")
    var model: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "CLAHE before the network, CLIP[,TILES] as OpenCV's createCLAHE.")
    var claheBefore: CLAHEArgument?

    @Option(help: "CLAHE after the network, CLIP[,TILES].")
    var claheAfter: CLAHEArgument?

    @Option(help: "Histogram bins of CLAHE on 16-bit patterns (65536 is OpenCV's own).")
    var claheBins = 65536

    @Option(help: "Scaling into [0, 1]: 'pattern' (each pattern's min..max) or 'dtype' (the pixel type's range, as the published script).")
    var inputRange: InputRange = .pattern

    @Option(help: "Worker threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Continue an interrupted run of the same input and settings from its checkpoint.")
    var resume = false

    @Option(help: "Compute only part K of N equal parts into OUT (a .kpart file), for cluster job arrays.")
    var shard: ShardArgument?

    @OptionGroup var encodingOptions: EncodingOptions
    @OptionGroup var classic: ClassicMethodOptions
    @OptionGroup var images: ImageOutputOptions
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let chosen = try DenoiserMethod.named(onCommandLine: method, allowingRaw: false)
        if model != nil && !chosen.takesModel {
            let networks = methodList(DenoiserMethod.denoisers.filter(\.takesModel))
            throw ValidationError("--method \(chosen.rawValue) takes no model; --model goes with \(networks)")
        }
    }

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            let settings = AutoencoderSettings(
                claheBefore: claheBefore.map { CLAHESettings(clipLimit: $0.clipLimit, tiles: $0.tiles, bins16: claheBins) },
                claheAfter: claheAfter.map { CLAHESettings(clipLimit: $0.clipLimit, tiles: $0.tiles, bins16: claheBins) },
                inputRange: inputRange, outputRange: encodingOptions.outputRange)
            let method = try DenoiserMethod(named: method, allowingRaw: false)
            let methods = classic.settings(scanPath: input, model: model, modelOptions: modelOptions, threads: threads, autoencoder: settings)
            guard let denoiser = try methods.make(method) else { return }
            let identity = RunIdentity.make(input: input, settings: [("method", method.rawValue)] + methods.identity(of: method))
            try DenoiseRun.execute(
                denoiser, reader: reader, input: input, output: output, shard: shard?.shard,
                resume: resume, identity: identity, images: images, encoding: encodingOptions.encoding,
                outputOptions: outputOptions, threads: threads)
        }
    }
}

extension InputRange: ExpressibleByArgument {}
extension OutputRange: ExpressibleByArgument {}

/// A `K/N` shard argument.
struct ShardArgument: ExpressibleByArgument {
    var shard: Shard

    init?(argument: String) {
        guard let shard = Shard(argument) else { return nil }
        self.shard = shard
    }
}
