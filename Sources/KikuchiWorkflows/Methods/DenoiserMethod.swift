import KikuchiCore

/// The denoising methods, by the names `denoise --method` and `compare --methods` take: the one
/// list the command line, the comparison, the demo and the documentation read.
public enum DenoiserMethod: String, CaseIterable, Sendable {
    /// The patterns as they are (a comparison's baseline).
    case raw
    case autoencoder
    case pca
    case nlpar
    case npa
    case regions
    case nlparAutoencoder = "nlpar-autoencoder"
    case nlparNetwork = "nlpar-network"
    case regionsNetwork = "regions-network"
    case staticBackground = "static"
    case dynamicBackground = "dynamic"

    /// Every name, in the order of the documentation.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The methods that change the patterns (all but `raw`).
    public static var denoisers: [DenoiserMethod] { allCases.filter { $0 != .raw } }

    /// The method called `name`; a one-line error listing the names otherwise.
    public init(named name: String, allowingRaw: Bool = true) throws {
        guard let method = DenoiserMethod(rawValue: name), allowingRaw || method != .raw else {
            let choices = allowingRaw ? Self.names : Self.denoisers.map(\.rawValue)
            throw KikuchiError.badInput("", "unknown method '\(name)'; choose from \(choices.joined(separator: ", "))")
        }
        self = method
    }

    /// What the method does, in one line.
    public var summary: String {
        switch self {
        case .raw: return "the patterns as recorded"
        case .autoencoder: return "the published pipeline: resize to the network's input, the autoencoder, resize back"
        case .pca: return "each pattern rebuilt from the scan's leading principal components"
        case .nlpar: return "non-local pattern averaging (PyEBSDIndex's NLPAR)"
        case .npa: return "neighbour pattern averaging over a fixed window (kikuchipy)"
        case .regions: return "averaging within regions of agreeing patterns found by region merging"
        case .nlparAutoencoder: return "NLPAR, then the autoencoder"
        case .nlparNetwork: return "NLPAR, then a network that sees each pattern's 3 x 3 neighbourhood"
        case .regionsNetwork: return "region averaging, then a network that sees each pattern's 3 x 3 neighbourhood"
        case .staticBackground: return "static background correction (kikuchipy's remove_static_background)"
        case .dynamicBackground: return "dynamic background correction (kikuchipy's remove_dynamic_background)"
        }
    }

    /// What `denoise` runs without --method: the method with no trained part that does no harm to
    /// real detector patterns and indexes best among those on simulated scans (benchmarks/real,
    /// benchmarks/indexing).
    public static let recommended = DenoiserMethod.regions

    /// Whether the method runs a network, and so takes --model.
    public var takesModel: Bool { bundledModel != nil }

    /// The model file the method runs when none is given; nil for the model-free methods.
    public var bundledModel: BundledModel? {
        switch self {
        case .autoencoder, .nlparAutoencoder: return .autoencoder
        case .nlparNetwork: return .neighbourNetwork
        case .regionsNetwork: return .regionsNetwork
        default: return nil
        }
    }

    /// What `compare` runs without --methods: the classic methods and each network whose model is
    /// there (the autoencoder with a given model; the neighbour networks with their bundled models,
    /// since a given model is an autoencoder).
    public static func compared(modelGiven: Bool) -> [DenoiserMethod] {
        var methods: [DenoiserMethod] = [.raw]
        if modelGiven || BundledModel.autoencoder.path != nil { methods.append(.autoencoder) }
        methods += [.pca, .nlpar, .npa, .regions]
        if !modelGiven {
            methods += [.nlparNetwork, .regionsNetwork].filter { $0.bundledModel?.path != nil }
        }
        return methods
    }

    /// What the demo compares where the models are found.
    public static let demonstrable: [DenoiserMethod] = [
        .raw, .autoencoder, .pca, .nlpar, .npa, .regions, .nlparAutoencoder,
        .nlparNetwork, .regionsNetwork
    ]

    /// What the demo compares: `demonstrable`, less the networks whose bundled models are missing.
    public static var demonstrated: [DenoiserMethod] {
        demonstrable.filter { method in method.bundledModel.map { $0.path != nil } ?? true }
    }
}
