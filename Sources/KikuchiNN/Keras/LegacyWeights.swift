import KikuchiCore
import KikuchiHDF5

/// The weights of a legacy Keras HDF5 file (full model or weights only), read and written.
///
/// `layer_names` (attribute of the weights group) lists every layer; each layer's group has
/// `weight_names` (fixed- or variable-length strings; an empty list is an empty float array) and
/// the arrays live at `<layer>/<weight name>`, e.g. `conv2d/conv2d/kernel:0` in tf.keras 2.x.
enum LegacyWeights {
    /// Fills `model` from `group`, matching layers by name (full-model files) or, as Keras'
    /// `load_weights` does, by the order of the layers that have weights.
    static func load(from group: HDF5Group, into model: Model, byName: Bool, source: String) throws {
        let names = try group.readStringArrayAttribute("layer_names")
        var stored: [(layer: String, weights: [(shape: [Int], values: [Float])])] = []
        for name in names {
            guard try group.hasGroup(name) else {
                throw KikuchiError.badInput(
                    source, "layer '\(name)' is listed but has no group '\(group.objectPath == "/" ? "" : group.objectPath + "/")\(name)'")
            }
            let layerGroup = try group.group(name)
            let weightNames = try layerGroup.hasAttribute("weight_names") ? try layerGroup.readStringArrayAttribute("weight_names") : []
            let weights = try weightNames.map { weightName -> (shape: [Int], values: [Float]) in
                guard try layerGroup.hasDataset(weightName) else {
                    throw KikuchiError.badInput(source, "layer '\(name)': missing dataset '\(layerGroup.objectPath)/\(weightName)'")
                }
                let dataset = try layerGroup.dataset(weightName)
                return (dataset.shape, try dataset.read(as: Float.self))
            }
            stored.append((name, weights))
        }
        if byName {
            for (name, weights) in stored {
                guard let index = model.layers.firstIndex(where: { $0.name == name }) else {
                    if weights.isEmpty { continue }
                    throw KikuchiError.badInput(source, "the weights of layer '\(name)' belong to no layer of the model")
                }
                try model.setWeights(of: index, weights, source: source)
            }
            for layer in model.layers where !layer.parameters.isEmpty && !stored.contains(where: { $0.layer == layer.name }) {
                throw KikuchiError.badInput(source, "no weights for layer '\(layer.name)' (\(layer.className))")
            }
        } else {
            let withWeights = stored.filter { !$0.weights.isEmpty }
            let targets = model.layers.indices.filter { !model.layers[$0].parameters.isEmpty }
            guard withWeights.count == targets.count else {
                throw KikuchiError.badInput(
                    source, "the file holds weights for \(withWeights.count) layers, the architecture has \(targets.count) layers with weights")
            }
            for (target, entry) in zip(targets, withWeights) {
                try model.setWeights(of: target, entry.weights, source: source)
            }
        }
    }

    /// Writes `model`'s weights into `group` as tf.keras 2.x does (`<layer>/<layer>/<name>:0`).
    static func write(_ model: Model, to group: HDF5Group, kerasVersion: String) throws {
        try group.writeStringArrayAttribute("layer_names", model.layers.map(\.name))
        try group.writeStringAttribute("backend", "tensorflow")
        try group.writeStringAttribute("keras_version", kerasVersion)
        for layer in model.layers {
            let layerGroup = try group.createGroup(layer.name)
            let names = layer.parameters.map { "\(layer.name)/\($0.name):0" }
            if names.isEmpty {
                try layerGroup.writeNumericAttribute("weight_names", [Double]())
            } else {
                try layerGroup.writeStringArrayAttribute("weight_names", names)
            }
            for (name, parameter) in zip(names, layer.parameters) {
                try layerGroup.createDataset(name, values: parameter.values, shape: parameter.shape)
            }
        }
    }
}
