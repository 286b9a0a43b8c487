import Foundation
import KikuchiCore
import KikuchiHDF5

/// Reads Keras model files into a `Model`:
///
/// - legacy full-model `.h5`: root attribute `model_config` (JSON) and group `model_weights`, whose
///   attribute `layer_names` lists the layers and each layer group's `weight_names` its datasets
///   (`model_weights/<layer>/<weight name>`; tf.keras 2.x names end in `:0`);
/// - legacy weights-only `.h5` (`layer_names` on the root) plus an architecture;
/// - Keras 3 `.keras` (a zip of `config.json`, `metadata.json`, `model.weights.h5`);
/// - Keras 3 `.weights.h5` (`layers/<snake_case class>[_n]/vars/<i>`) plus an architecture.
public enum KerasModelFile {
    /// Where the layers of a weights-only file come from.
    public enum Architecture: Equatable {
        /// The built-in published autoencoder (`ebsd-autoencoder`).
        case ebsdAutoencoder
        /// The built-in U-Net (`ebsd-unet`).
        case ebsdUNet
        /// The built-in U-Net of a neighbour network (`neighbour-unet`: `EBSDUNet.neighbourInputChannels` in, linear out).
        case neighbourUNet
        /// The residual neighbour network (`neighbour-unet-residual`: the averaging's channel plus the U-Net's correction).
        case residualNeighbourUNet
        /// A Keras configuration JSON file (`model.to_json()`, or a `.keras` archive's `config.json`).
        case jsonFile(String)

        /// The names of the built-in architectures, as `--architecture` takes them.
        public static let builtInNames = [
            EBSDAutoencoder.architectureName, EBSDUNet.architectureName, EBSDUNet.neighbourArchitectureName, EBSDUNet.residualNeighbourArchitectureName
        ]

        /// What `--architecture` takes, for help and messages: "a, b, c or a Keras JSON file".
        public static var choices: String { builtInNames.joined(separator: ", ") + " or a Keras JSON file" }

        /// `ebsd-autoencoder`, `ebsd-unet`, `neighbour-unet` or a JSON file path.
        public init(argument: String) {
            switch argument {
            case EBSDAutoencoder.architectureName: self = .ebsdAutoencoder
            case EBSDUNet.architectureName: self = .ebsdUNet
            case EBSDUNet.neighbourArchitectureName: self = .neighbourUNet
            case EBSDUNet.residualNeighbourArchitectureName: self = .residualNeighbourUNet
            default: self = .jsonFile(argument)
            }
        }

        /// A new model of this architecture with zero weights; a built-in one for `inputSize` x
        /// `inputSize` patterns when given (a JSON file declares its own input).
        public func makeModel(inputSize: Int? = nil) throws -> Model {
            switch self {
            case .ebsdAutoencoder:
                return try EBSDAutoencoder.make(inputSize: inputSize ?? EBSDAutoencoder.inputSize)
            case .ebsdUNet:
                return try EBSDUNet.make(inputSize: inputSize ?? EBSDUNet.inputSize)
            case .neighbourUNet:
                return try EBSDUNet.make(inputSize: inputSize ?? EBSDUNet.inputSize, inputChannels: EBSDUNet.neighbourInputChannels, outputActivation: .linear)
            case .residualNeighbourUNet:
                return try EBSDUNet.make(
                    inputSize: inputSize ?? EBSDUNet.inputSize, inputChannels: EBSDUNet.neighbourInputChannels, outputActivation: .linear,
                    residual: true)
            case let .jsonFile(path):
                guard let data = RawFile.contents(of: path) else {
                    throw KikuchiError.badInput(path, "cannot read the architecture file")
                }
                do {
                    return try KerasModelConfig.model(json: String(decoding: data, as: UTF8.self))
                } catch let error as KikuchiError {
                    throw error.attributed(to: path)
                }
            }
        }
    }

    /// The model in `path`, with the architecture `--architecture` names (a built-in name or a
    /// Keras JSON file) when given.
    public static func load(_ path: String, architectureName: String?) throws -> Model {
        try load(path, architecture: architectureName.map(Architecture.init(argument:)))
    }

    /// The model in `path`; `architecture` is needed for weights-only files and replaces the
    /// configuration of a full-model file.
    public static func load(_ path: String, architecture: Architecture? = nil) throws -> Model {
        do {
            if path.lowercased().hasSuffix(".keras") {
                return try loadKerasArchive(path)
            }
            return try loadHDF5(path, architecture: architecture)
        } catch let error as KikuchiError {
            throw error.attributed(to: path)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, error.message)
        }
    }

    /// Whether `path` is a Keras model or weights file rather than, say, an h5ebsd scan: a `.keras`
    /// name, or an HDF5 file with `model_config`, `layer_names` or a `layers` group at its root.
    public static func isModelFile(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".keras") { return true }
        guard let root = try? HDF5File(path).root else { return false }
        return ((try? root.hasAttribute("model_config")) ?? false) || ((try? root.hasAttribute("layer_names")) ?? false)
            || ((try? root.hasGroup("layers")) ?? false)
    }

    /// Writes `model` to `path`: a Keras 3 archive for `.keras` (or when `archive` says so, for a
    /// temporary name), a legacy full-model HDF5 file otherwise (`.h5`, `.hdf5`).
    public static func save(_ model: Model, to path: String, archive: Bool? = nil) throws {
        if archive ?? path.lowercased().hasSuffix(".keras") {
            try KerasArchiveFile.write(model, to: path)
        } else {
            try LegacyKerasFile.write(model, to: path)
        }
    }

    private static func loadHDF5(_ path: String, architecture: Architecture?) throws -> Model {
        let file = try HDF5File(path)
        let root = file.root
        if try root.hasAttribute("model_config") && root.hasGroup("model_weights") {
            let model = try architecture?.makeModel() ?? KerasModelConfig.model(json: root.readStringAttribute("model_config"))
            try LegacyWeights.load(from: root.group("model_weights"), into: model, byName: architecture == nil, source: path)
            return model
        }
        let isLegacyWeights = try root.hasAttribute("layer_names")
        let isKeras3Weights = try root.hasGroup("layers")
        guard isLegacyWeights || isKeras3Weights else {
            throw KikuchiError.badInput(path, "not a Keras model file (no model_config, layer_names or layers group)")
        }
        guard let architecture else {
            throw KikuchiError.badInput(path, "the file holds weights only; give the architecture (\(Architecture.choices))")
        }
        let model = try architecture.makeModel()
        if isLegacyWeights {
            try LegacyWeights.load(from: root, into: model, byName: false, source: path)
        } else {
            try Keras3Weights.load(from: root, into: model, source: path)
        }
        return model
    }

    private static func loadKerasArchive(_ path: String) throws -> Model {
        let archive = try ZipArchive(path: path)
        guard archive.contains("config.json"), archive.contains("model.weights.h5") else {
            throw KikuchiError.badInput(path, "not a Keras 3 archive (no config.json and model.weights.h5)")
        }
        let model = try KerasModelConfig.model(json: String(decoding: try archive.contents(of: "config.json"), as: UTF8.self))
        // HDF5 opens files by name: the weights go to a temporary file for the time of the read.
        let temporary = NSTemporaryDirectory() + "kikuchi-weights-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).h5"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(try archive.contents(of: "model.weights.h5"))) else {
            throw KikuchiError.processing(temporary, "cannot write a temporary file")
        }
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let weights = try HDF5File(temporary)
            try Keras3Weights.load(from: weights.root, into: model, source: path)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, "model.weights.h5: \(error.message)")
        }
        return model
    }
}
