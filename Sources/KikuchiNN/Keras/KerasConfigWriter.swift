import Foundation

/// Writes a model's Keras configuration in either dialect: tf.keras 2.x (for legacy `.h5`, which
/// both tf.keras and Keras 3 load) or Keras 3 (for `.keras`).
enum KerasConfigWriter {
    static func configuration(_ model: Model, style: KerasStyle) -> [String: Any] {
        let shapes = model.outputShapes
        var entries: [[String: Any]] = []
        for (index, layer) in model.layers.enumerated() {
            var config = layer.kerasConfig(style: style)
            config["name"] = layer.name
            config["dtype"] = "float32"
            if !(layer is InputLayer) { config["trainable"] = true }
            var entry: [String: Any] = ["class_name": layer.className, "config": config]
            if style == .keras3 {
                entry["module"] = "keras.layers"
                entry["registered_name"] = NSNull()
                let inputShapes = model.inbound[index].map { shapes[$0].kerasBatchShape }
                if !inputShapes.isEmpty {
                    entry["build_config"] = ["input_shape": inputShapes.count == 1 ? inputShapes[0] : inputShapes as Any]
                }
            }
            if model.kind == .functional {
                entry["name"] = layer.name
                entry["inbound_nodes"] = inboundNodes(model, index, style: style)
            }
            entries.append(entry)
        }
        let inputShape = model.inputShape.kerasBatchShape
        var config: [String: Any] = ["name": model.name, "layers": entries, "trainable": true]
        if model.kind == .functional {
            let output = model.layers[model.outputIndex].name
            config["input_layers"] = [[model.layers[0].name, 0, 0]]
            config["output_layers"] = [[output, 0, 0]]
        } else {
            config["build_input_shape"] = inputShape
        }
        var root: [String: Any] = ["class_name": model.kind.rawValue, "config": config]
        if style == .keras3 {
            // Where Keras 3 finds the class: Sequential is exported at `keras`, Functional only in
            // its source module.
            root["module"] = model.kind == .sequential ? "keras" : "keras.src.models.functional"
            root["registered_name"] = model.kind == .sequential ? NSNull() as Any : "Functional"
            root["build_config"] = ["input_shape": model.kind == .sequential ? inputShape as Any : NSNull()]
        } else {
            root["keras_version"] = LegacyKerasFile.kerasVersion
            root["backend"] = "tensorflow"
        }
        return root
    }

    /// One inbound node: `[[["name", 0, 0, {}], ...]]` (tf.keras 2.x) or `[{"args": [...],
    /// "kwargs": {}}]` with `__keras_tensor__` references (Keras 3; a merge layer gets the list of
    /// its inputs as its one argument).
    private static func inboundNodes(_ model: Model, _ index: Int, style: KerasStyle) -> [Any] {
        let sources = model.inbound[index]
        guard !sources.isEmpty else { return [] }
        switch style {
        case .tfKeras2:
            return [sources.map { [model.layers[$0].name, 0, 0, [String: Any]()] as [Any] }]
        case .keras3:
            let tensors: [Any] = sources.map { source in
                [
                    "class_name": "__keras_tensor__",
                    "config": [
                        "shape": model.outputShapes[source].kerasBatchShape, "dtype": "float32",
                        "keras_history": [model.layers[source].name, 0, 0] as [Any]
                    ] as [String: Any]
                ] as [String: Any]
            }
            let arguments: [Any] = tensors.count == 1 ? tensors : [tensors]
            return [["args": arguments, "kwargs": [String: Any]()] as [String: Any]]
        }
    }

    /// The configuration as JSON text.
    static func json(_ model: Model, style: KerasStyle) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: configuration(model, style: style), options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
