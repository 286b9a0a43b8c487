import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiNN
import KikuchiWorkflows

/// `kikuchi model ...`: the network on its own, without the pattern pipeline.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Run or convert Keras models.",
        subcommands: [PredictCommand.self, ConvertModelCommand.self])
}

/// Options naming a model and, for weights-only files, its architecture.
struct ModelOptions: ParsableArguments {
    @Option(help: "The layers of a weights-only file: \(KerasModelFile.Architecture.choices).")
    var architecture: String?

    func load(_ path: String) throws -> Model {
        try KerasModelFile.load(path, architectureName: architecture)
    }
}

/// `kikuchi model predict MODEL IN.npy OUT.npy`.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "The raw forward pass: float32 NHWC (or N, H, W) input, no pre- or post-processing.")

    @Argument(help: "A Keras model file (.h5, .keras, or weights with --architecture).") var model: String
    @Argument(help: "Input .npy, float32 (N, H, W, C) or (N, H, W).") var input: String
    @Argument(help: "Output .npy, float32 (N, H, W, C).") var output: String
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Replace OUT if it exists.") var overwrite = false

    func run() throws {
        try reportingErrors {
            let network = try modelOptions.load(model)
            let tensor = try TensorFile.read(input)
            let result: Tensor
            do {
                result = try network.predict(tensor, threads: threads)
            } catch let error as KikuchiError {
                throw error.attributed(to: input)
            }
            try TensorFile.write(result, to: output, overwrite: overwrite, inputs: [input, model])
        }
    }
}

/// `kikuchi model convert IN OUT`.
struct ConvertModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model between legacy Keras .h5 and Keras 3 .keras (both open in keras.models.load_model).")

    @Argument(help: "The model to read.") var input: String
    @Argument(help: "The model to write: .h5 or .keras.") var output: String
    @OptionGroup var modelOptions: ModelOptions
    @Flag(help: "Replace OUT if it exists.") var overwrite = false

    func run() throws {
        try reportingErrors {
            let network = try modelOptions.load(input)
            let destination = try OutputPath(output, overwrite: overwrite, inputs: [input])
            do {
                try KerasModelFile.save(network, to: destination.temporaryPath, archive: output.lowercased().hasSuffix(".keras"))
                try destination.commit()
            } catch {
                destination.discard()
                throw error
            }
        }
    }
}
