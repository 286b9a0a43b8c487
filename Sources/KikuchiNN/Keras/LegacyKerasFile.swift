import Foundation
import KikuchiCore
import KikuchiHDF5

/// Writes a legacy Keras full-model `.h5`, the layout `keras.models.load_model` reads in both
/// tf.keras 2.x and Keras 3: root attributes `model_config` (tf.keras 2.x JSON), `keras_version`,
/// `backend`; group `model_weights` with `layer_names` and, per layer, `weight_names` and the
/// arrays at `<layer>/<layer>/<name>:0`.
public enum LegacyKerasFile {
    /// The Keras version written into the file (the dialect of the configuration).
    static let kerasVersion = "2.15.0"

    public static func write(_ model: Model, to path: String) throws {
        do {
            let file = try HDF5File(path, mode: .create)
            try file.root.writeStringAttribute("model_config", try KerasConfigWriter.json(model, style: .tfKeras2))
            try file.root.writeStringAttribute("keras_version", kerasVersion)
            try file.root.writeStringAttribute("backend", "tensorflow")
            try LegacyWeights.write(model, to: try file.root.createGroup("model_weights"), kerasVersion: kerasVersion)
            try file.close()
        } catch let error as HDF5Error {
            throw KikuchiError.processing(path, error.message)
        }
    }
}
