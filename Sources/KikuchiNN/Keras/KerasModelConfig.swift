import Foundation
import KikuchiCore

/// Reads a Keras model configuration (the JSON of `model.to_json()`, the `model_config`
/// attribute of a legacy `.h5`, `config.json` of a `.keras`) into a `Model`.
///
/// Both dialects are understood: tf.keras 2.x (`batch_input_shape`, inbound nodes as nested lists
/// `[[["layer", 0, 0, {}], ...]]`) and Keras 3 (`batch_shape`, nodes as `{"args": [...]}` whose
/// tensors carry `keras_history: ["layer", 0, 0]`).
public enum KerasModelConfig {
    /// The model described by JSON `text`.
    public static func model(json text: String) throws -> Model {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data)
        else {
            throw KikuchiError.badInput("", "the model configuration is not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw KikuchiError.badInput("", "the model configuration is not a JSON object")
        }
        return try model(dictionary)
    }

    /// The model described by a decoded configuration.
    public static func model(_ root: [String: Any]) throws -> Model {
        let className = root["class_name"] as? String ?? ""
        let config = root["config"]
        switch className {
        case "Sequential":
            return try sequential(config)
        case "Functional", "Model":
            guard let config = config as? [String: Any] else {
                throw KikuchiError.badInput("", "the \(className) configuration has no 'config' object")
            }
            return try functional(config)
        default:
            throw KikuchiError.badInput("", "the configuration describes a '\(className)', not a Sequential or Functional Keras model")
        }
    }

    private static func layerConfig(_ entry: Any) throws -> KerasLayerConfig {
        guard let entry = entry as? [String: Any], let className = entry["class_name"] as? String else {
            throw KikuchiError.badInput("", "a layer entry has no class_name")
        }
        var values = entry["config"] as? [String: Any] ?? [:]
        if values["name"] == nil, let name = entry["name"] as? String { values["name"] = name }
        return KerasLayerConfig(className: className, values: values)
    }

    // MARK: - Sequential

    private static func sequential(_ config: Any?) throws -> Model {
        // Keras 2.2 wrote the layer list as the config itself.
        let dictionary = config as? [String: Any] ?? [:]
        guard let entries = (config as? [Any]) ?? (dictionary["layers"] as? [Any]) else {
            throw KikuchiError.badInput("", "the Sequential configuration has no layers")
        }
        let name = dictionary["name"] as? String ?? "sequential"
        var configs = try entries.map(layerConfig)
        let input: InputLayer
        if let first = configs.first, first.className == "InputLayer" {
            guard let layer = try LayerFactory.make(first) as? InputLayer else { throw first.problem("not an input") }
            input = layer
            configs.removeFirst()
        } else if let first = configs.first,
            let shape = (first.values["batch_input_shape"] ?? first.values["batch_shape"]) as? [Any]
        {
            input = try InputLayer(name: "\(first.name)_input", batchShape: shape)
        } else if let shape = dictionary["build_input_shape"] as? [Any] {
            input = try InputLayer(name: "input_layer", batchShape: shape)
        } else {
            throw KikuchiError.badInput("", "the Sequential configuration gives no input shape")
        }
        let layers = try configs.map { try LayerFactory.make($0) }
        return try Model(
            name: name, kind: .sequential, layers: [input] + layers,
            inbound: [[]] + (0..<layers.count).map { [$0] }, outputIndex: layers.count)
    }

    // MARK: - Functional

    private static func functional(_ config: [String: Any]) throws -> Model {
        guard let entries = config["layers"] as? [Any] else {
            throw KikuchiError.badInput("", "the Functional configuration has no layers")
        }
        let name = config["name"] as? String ?? "model"
        var layers: [Layer] = []
        var sources: [[String]] = []
        for entry in entries {
            let layerConfig = try layerConfig(entry)
            layers.append(try LayerFactory.make(layerConfig))
            let nodes = (entry as? [String: Any])?["inbound_nodes"] as? [Any] ?? []
            guard nodes.count <= 1 else {
                throw layerConfig.problem("the layer is called \(nodes.count) times; shared layers are not supported")
            }
            sources.append(nodes.first.map(inboundLayerNames) ?? [])
        }
        let inputs = try endpointNames(config["input_layers"], what: "input_layers")
        let outputs = try endpointNames(config["output_layers"], what: "output_layers")
        guard inputs.count == 1 else {
            throw KikuchiError.badInput("", "the model has \(inputs.count) inputs; kikuchi runs models with one input")
        }
        guard outputs.count == 1 else {
            throw KikuchiError.badInput("", "the model has \(outputs.count) outputs; kikuchi runs models with one output")
        }
        // The input layer first, then the others in the configuration's (topological) order.
        guard let inputPosition = layers.firstIndex(where: { $0.name == inputs[0] }), layers[inputPosition] is InputLayer else {
            throw KikuchiError.badInput("", "the model input '\(inputs[0])' is not an InputLayer of the configuration")
        }
        let order = [inputPosition] + layers.indices.filter { $0 != inputPosition }
        let ordered = order.map { layers[$0] }
        var position: [String: Int] = [:]
        for (index, layer) in ordered.enumerated() { position[layer.name] = index }
        let inbound = try order.map { original in
            try sources[original].map { source -> Int in
                guard let index = position[source] else {
                    throw KikuchiError.badInput("", "layer '\(layers[original].name)' takes its input from '\(source)', which is not in the model")
                }
                return index
            }
        }
        guard let outputIndex = position[outputs[0]] else {
            throw KikuchiError.badInput("", "the model output '\(outputs[0])' is not a layer of the configuration")
        }
        return try Model(name: name, kind: .functional, layers: ordered, inbound: inbound, outputIndex: outputIndex)
    }

    /// The names of the layers feeding one inbound node, in argument order.
    static func inboundLayerNames(_ node: Any) -> [String] {
        if let dictionary = node as? [String: Any] {
            // Keras 3: tensors anywhere in args (an Add gets a list of them as its first argument).
            var names: [String] = []
            collectKerasHistory(dictionary["args"] ?? [], into: &names)
            return names
        }
        // tf.keras 2.x: a list of [layer name, node index, tensor index, kwargs].
        guard let list = node as? [Any] else { return [] }
        return list.compactMap { ($0 as? [Any])?.first as? String }
    }

    private static func collectKerasHistory(_ value: Any, into names: inout [String]) {
        if let dictionary = value as? [String: Any] {
            if let config = dictionary["config"] as? [String: Any], let history = config["keras_history"] as? [Any],
                let name = history.first as? String
            {
                names.append(name)
            }
            return
        }
        if let list = value as? [Any] {
            for element in list { collectKerasHistory(element, into: &names) }
        }
    }

    /// Layer names from `input_layers` / `output_layers`: `[["name", 0, 0], ...]` or, for a single
    /// endpoint in Keras 3, `["name", 0, 0]`.
    private static func endpointNames(_ value: Any?, what: String) throws -> [String] {
        guard let list = value as? [Any] else {
            throw KikuchiError.badInput("", "the Functional configuration has no \(what)")
        }
        if let name = list.first as? String { return [name] }
        return try list.map { entry in
            guard let name = (entry as? [Any])?.first as? String else {
                throw KikuchiError.badInput("", "the Functional configuration's \(what) are not layer references")
            }
            return name
        }
    }
}
