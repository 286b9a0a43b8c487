import ArgumentParser
import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiNN

/// The settings of the classic methods, shared by `denoise` and `compare`.
struct ClassicMethodOptions: ParsableArguments {
    @Option(help: "pca: the number of principal components kept.")
    var components = 30

    @Option(help: "pca: an HDF5 file holding the decomposition: reused when it exists, else written.")
    var pcaModel: String?

    @Option(help: "pca: power iterations of the randomized SVD (default: scikit-learn's choice, 7 when K is below a tenth of min(patterns, pixels), else 4).")
    var powerIterations: Int?

    @Option(help: "nlpar: the smoothing lambda, or 'auto' for PyEBSDIndex's automatic choice.")
    var lambda = "0.7"

    @Option(help: "nlpar and regions: the search radius in map steps.")
    var radius = 3

    @Option(help: "npa: the window, COLUMNSxROWS (odd).")
    var window = "3x3"

    @Option(help: "npa: the window's weights: circular, gaussian or rectangular.")
    var kernel: NeighbourWindow.Kernel = .circular

    @Option(help: "dynamic: the Gaussian blur's sigma in pixels (default: width / 8).")
    var sigma: Double?
}

extension NeighbourWindow.Kernel: ExpressibleByArgument {}

/// The denoisers a command can name, made from the command's options.
struct DenoiserChoice {
    static let names = ["raw", "autoencoder", "pca", "nlpar", "npa", "regions", "nlpar-autoencoder", "nlpar-network", "regions-network", "static", "dynamic"]

    var model: String?
    var modelOptions: ModelOptions
    var autoencoder = AutoencoderSettings()
    var classic: ClassicMethodOptions
    /// The scan the denoiser will run on, for error messages.
    var scanPath: String
    /// The cores a method may use while it prepares (region averaging's bands); the command's --threads.
    var threads = ProcessInfo.processInfo.activeProcessorCount

    /// The demo's settings: PCA with 10 components, automatic NLPAR, a circular 3 x 3 window.
    static var demo: DenoiserChoice {
        get throws {
            var classic = try ClassicMethodOptions.parse([])
            classic.components = 10
            classic.lambda = "auto"
            return DenoiserChoice(model: nil, modelOptions: try ModelOptions.parse([]), classic: classic, scanPath: "demo")
        }
    }

    /// The denoiser called `name`; nil for `raw` (the patterns as they are).
    func make(_ name: String) throws -> PatternDenoiser? {
        switch name {
        case "raw":
            return nil
        case "autoencoder":
            return try network()
        case "pca":
            return try PCADenoiser(components: classic.components, modelFile: classic.pcaModel,
                                   powerIterations: classic.powerIterations, scanPath: scanPath)
        case "nlpar":
            return try nlpar()
        case "npa":
            return NeighbourPatternAveraging(window: try NeighbourWindow(kernel: classic.kernel, size: classic.window))
        case "regions":
            return try regions()
        case "nlpar-autoencoder":
            return NeighbourThenNetwork(neighbours: try nlpar(), network: try network())
        case "nlpar-network":
            return try neighbourNetwork(after: try nlpar(), bundled: .neighbourNetwork)
        case "regions-network":
            return try neighbourNetwork(after: try regions(), bundled: .regionsNetwork)
        case "static":
            return StaticBackgroundCorrection(scanPath: scanPath)
        case "dynamic":
            return try DynamicBackgroundCorrection(sigma: classic.sigma, scanPath: scanPath)
        default:
            throw KikuchiError.badInput("", "unknown method '\(name)'; choose from \(Self.names.joined(separator: ", "))")
        }
    }

    /// NLPAR with the chosen lambda and radius, alone or before a network.
    private func nlpar() throws -> NonLocalPatternAveraging {
        try NonLocalPatternAveraging(lambda: try NonLocalPatternAveraging.lambda(from: classic.lambda),
                                     searchRadius: classic.radius, scanPath: scanPath)
    }

    /// Region averaging with the chosen radius, alone or before a network.
    private func regions() throws -> RegionMergingAveraging {
        try RegionMergingAveraging(radius: classic.radius, threads: threads, scanPath: scanPath)
    }

    /// `averaging`, then a neighbour network: the chosen model, or the `bundled` one.
    private func neighbourNetwork(after averaging: MapNeighbourAveraging, bundled: BundledModel) throws -> NeighbourNetwork {
        let model = try bundled.resolve(model)
        return NeighbourNetwork(averaging: averaging, model: try modelOptions.load(model), modelPath: model)
    }

    /// The model and architecture options of a network method whose bundled model is `bundled`.
    private func modelSettings(_ bundled: BundledModel) -> [(String, String)] {
        [("model", (model ?? bundled.path).map(RunIdentity.file) ?? "-"), ("architecture", modelOptions.architecture ?? "-")]
    }

    /// The autoencoder pipeline with the chosen (or bundled) model.
    private func network() throws -> AutoencoderDenoiser {
        let model = try BundledModel.autoencoder.resolve(model)
        return AutoencoderDenoiser(model: try modelOptions.load(model), modelPath: model, settings: autoencoder)
    }

    /// The settings of method `name` that change its numbers, for a run's identity.
    func settings(of name: String) -> [(String, String)] {
        switch name {
        case "nlpar-autoencoder":
            return settings(of: "nlpar") + settings(of: "autoencoder")
        case "nlpar-network":
            return settings(of: "nlpar") + modelSettings(.neighbourNetwork)
        case "autoencoder":
            return modelSettings(.autoencoder) + [
                    ("clahe-before", autoencoder.claheBefore.map { "\($0.clipLimit),\($0.tiles),\($0.bins16)" } ?? "-"),
                    ("clahe-after", autoencoder.claheAfter.map { "\($0.clipLimit),\($0.tiles),\($0.bins16)" } ?? "-"),
                    ("input-range", autoencoder.inputRange.rawValue), ("output-range", autoencoder.outputRange.rawValue)]
        case "pca":
            return [("components", "\(classic.components)"), ("pca-model", classic.pcaModel.map(RunIdentity.file) ?? "-"),
                    ("power-iterations", classic.powerIterations.map { "\($0)" } ?? "auto")]
        case "nlpar":
            return [("lambda", classic.lambda), ("radius", "\(classic.radius)")]
        case "regions":
            return [("radius", "\(classic.radius)")]
        case "regions-network":
            return settings(of: "regions") + modelSettings(.regionsNetwork)
        case "npa":
            return [("window", classic.window), ("kernel", classic.kernel.rawValue)]
        case "dynamic":
            return [("sigma", classic.sigma.map { "\($0)" } ?? "default")]
        default:
            return []
        }
    }
}
