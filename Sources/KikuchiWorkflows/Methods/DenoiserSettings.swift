import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiNN

/// Every setting of the denoising methods, with the command line's defaults, and the denoiser
/// each method makes from them.
public struct DenoiserSettings {
    /// The Keras model of a network method; its bundled model when nil.
    public var model: String?
    /// The layers of a weights-only model file: a built-in architecture's name or a Keras JSON file.
    public var architecture: String?
    /// The pipeline around the autoencoder.
    public var autoencoder = AutoencoderSettings()
    /// pca: the number of principal components kept.
    public var components = 30
    /// pca: an HDF5 file holding the decomposition, reused when it exists, else written.
    public var pcaModel: String?
    /// pca: power iterations of the randomized SVD; scikit-learn's choice when nil.
    public var powerIterations: Int?
    /// nlpar: the smoothing lambda, or "auto" for PyEBSDIndex's automatic choice.
    public var lambda = "0.7"
    /// nlpar and regions: the search radius in map steps.
    public var radius = 3
    /// npa: the window, COLUMNSxROWS (odd).
    public var window = "3x3"
    /// npa: the window's weights.
    public var kernel: AveragingWindow.Kernel = .circular
    /// dynamic: the Gaussian blur's sigma in pixels; width / 8 when nil.
    public var sigma: Double?
    /// The network methods: the margin of the guard that keeps the pattern a network was given
    /// (the averaging's, or the raw one) where the network changed the bands beyond their noise
    /// (`NetworkGuard`); nil: no guard. The default lies between what the bundled networks leave where they work (simulated
    /// scans) and where they erase bands (clean real patterns); docs/methods.md has the figures.
    public var guardMargin: Double? = DenoiserSettings.defaultGuardMargin
    /// The scan the denoiser will run on, for error messages.
    public var scanPath: String
    /// The cores a method may use while it prepares (region averaging's bands).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(scanPath: String) {
        self.scanPath = scanPath
    }

    /// The demo's settings: PCA with 10 components, automatic NLPAR, a circular 3 x 3 window.
    public static var demo: DenoiserSettings {
        var settings = DenoiserSettings(scanPath: "demo")
        settings.components = 10
        settings.lambda = "auto"
        return settings
    }

    /// The denoiser of `method`; nil for `raw` (the patterns as they are).
    public func make(_ method: DenoiserMethod) throws -> PatternDenoiser? {
        switch method {
        case .raw:
            return nil
        case .autoencoder:
            return try autoencoderPipeline()
        case .pca:
            return try PCADenoiser(components: components, modelFile: pcaModel, powerIterations: powerIterations, scanPath: scanPath)
        case .nlpar:
            return try nlpar()
        case .npa:
            return NeighbourPatternAveraging(window: try AveragingWindow(kernel: kernel, size: window))
        case .regions:
            return try regions()
        case .nlparAutoencoder:
            let averaging = try nlpar()
            return AveragingThenAutoencoder(neighbours: averaging, network: try autoencoderPipeline(after: averaging))
        case .nlparNetwork:
            // With the guard, a region averaging of its own judges how far to take the network's output.
            let averaging = try nlpar()
            let network = try neighbourNetwork(after: averaging, method: method)
            network.judge = guardMargin != nil ? .neighbourNetwork(after: averaging, regions: try judgeRegions(after: .nlpar)) : nil
            return network
        case .regionsNetwork:
            // With the guard, region averaging also judges how far to take the network's output.
            let averaging = try regions(radius: radius, keepingReferee: guardMargin != nil)
            let network = try neighbourNetwork(after: averaging, method: method)
            network.judge = guardMargin != nil ? .neighbourNetwork(after: averaging, regions: averaging) : nil
            return network
        case .staticBackground:
            return StaticBackgroundCorrection(scanPath: scanPath)
        case .dynamicBackground:
            return try DynamicBackgroundCorrection(sigma: sigma, scanPath: scanPath)
        }
    }

    /// The settings of `method` that change its numbers (name, value), for a run's identity:
    /// a run resumes, and parts merge, only when these are equal.
    public func identity(of method: DenoiserMethod) -> [(String, String)] {
        switch method {
        case .raw, .staticBackground:
            return []
        case .autoencoder:
            return modelIdentity(method) + [
                ("clahe-before", autoencoder.claheBefore.map(Self.describe) ?? "-"),
                ("clahe-after", autoencoder.claheAfter.map(Self.describe) ?? "-"),
                ("input-range", autoencoder.inputRange.rawValue), ("output-range", autoencoder.outputRange.rawValue),
                guardIdentity, blendIdentity(after: .autoencoder)
            ]
        case .pca:
            return [
                ("components", "\(components)"), ("pca-model", pcaModel.map(RunIdentity.file) ?? "-"),
                ("power-iterations", powerIterations.map { "\($0)" } ?? "auto")
            ]
        case .nlpar:
            return [("lambda", lambda), ("radius", "\(radius)")]
        case .npa:
            return [("window", window), ("kernel", kernel.rawValue)]
        case .regions:
            return [("radius", "\(radius)")]
        case .nlparAutoencoder:
            return identity(of: .nlpar) + identity(of: .autoencoder)
        case .nlparNetwork:
            return identity(of: .nlpar) + modelIdentity(method) + [guardIdentity, blendIdentity(after: .nlpar)]
        case .regionsNetwork:
            return identity(of: .regions) + modelIdentity(method) + [guardIdentity, blendIdentity(after: .regions)]
        case .dynamicBackground:
            return [("sigma", sigma.map { "\($0)" } ?? "default")]
        }
    }

    /// The default margin of `guardMargin`.
    public static let defaultGuardMargin = 0.15

    /// The guard's margin, or "off", for a run's identity.
    private var guardIdentity: (String, String) { ("guard", guardMargin.map { "\($0)" } ?? "off") }

    /// The blend's judge radius, or "off", for a run's identity (`after`: what the network follows).
    private func blendIdentity(after averaging: DenoiserMethod) -> (String, String) {
        ("blend", (averaging == .autoencoder ? blends : guardMargin != nil) ? "regions \(judgeRadius(after: averaging))" : "off")
    }

    /// The network of a model file, with `architecture` for a weights-only file.
    public func loadModel(_ path: String) throws -> Model {
        try KerasModelFile.load(path, architectureName: architecture)
    }

    private static func describe(_ clahe: CLAHESettings) -> String {
        "\(clahe.clipLimit),\(clahe.tiles),\(clahe.bins16)"
    }

    /// NLPAR with the chosen lambda and radius, alone or before a network.
    private func nlpar() throws -> NonLocalPatternAveraging {
        try NonLocalPatternAveraging(lambda: try NonLocalPatternAveraging.lambda(from: lambda), searchRadius: radius, scanPath: scanPath)
    }

    /// Region averaging with the chosen radius, alone or before a network.
    private func regions() throws -> RegionAveraging {
        try regions(radius: radius, keepingReferee: false)
    }

    private func regions(radius: Int, keepingReferee: Bool) throws -> RegionAveraging {
        try RegionAveraging(radius: radius, threads: threads, keepsReferee: keepingReferee, scanPath: scanPath)
    }

    /// The region averaging that judges a network following `averaging` (.autoencoder: none).
    private func judgeRegions(after averaging: DenoiserMethod) throws -> RegionAveraging {
        try regions(radius: judgeRadius(after: averaging), keepingReferee: true)
    }

    /// The judge's radius r (it reads region-mates within 2r): after NLPAR one step more than
    /// NLPAR's, since the judge leaves out NLPAR's square window and one step around it.
    private func judgeRadius(after averaging: DenoiserMethod) -> Int {
        averaging == .nlpar ? radius + 1 : radius
    }

    /// `averaging`, then the neighbour network of `method`: the chosen model, or the bundled one.
    private func neighbourNetwork(after averaging: PatternDenoiser, method: DenoiserMethod) throws -> NeighbourNetwork {
        let path = try method.bundledModel!.resolve(model)
        let network = NeighbourNetwork(averaging: averaging, model: try loadModel(path), modelPath: path)
        network.networkGuard = try guardMargin.map(NetworkGuard.init(margin:))
        return network
    }

    /// The autoencoder pipeline with the chosen (or bundled) model, alone or after `averaging` (NLPAR).
    /// With the guard (and without CLAHE after it), a region averaging of its own judges how far
    /// to take the network's output.
    private func autoencoderPipeline(after averaging: PatternDenoiser? = nil) throws -> AutoencoderDenoiser {
        let path = try BundledModel.autoencoder.resolve(model)
        let network = AutoencoderDenoiser(model: try loadModel(path), modelPath: path, settings: autoencoder)
        network.networkGuard = try guardMargin.map(NetworkGuard.init(margin:))
        if blends {
            network.judge = .autoencoder(after: averaging, regions: try judgeRegions(after: averaging == nil ? .autoencoder : .nlpar))
        }
        return network
    }

    /// Whether the network methods blend their output with what they refined (`NetworkJudge`):
    /// with the guard, and for the autoencoder without CLAHE after it.
    private var blends: Bool { guardMargin != nil && autoencoder.claheAfter == nil }

    /// The model and architecture of a network method.
    private func modelIdentity(_ method: DenoiserMethod) -> [(String, String)] {
        [("model", (model ?? method.bundledModel?.path).map(RunIdentity.file) ?? "-"), ("architecture", architecture ?? "-")]
    }
}
