import KikuchiCore
import KikuchiHDF5

/// The weights of a Keras 3 weights file (`.weights.h5`, or `model.weights.h5` in a `.keras`):
/// `layers/<name>/vars/<i>` with `<name>` the snake-case class name numbered per class in
/// `model.layers` order (which leaves out a Sequential model's InputLayer), `<i>` counting the
/// layer's variables in Keras' order.
enum Keras3Weights {
    /// The layers Keras 3 lists in `model.layers`.
    static func savedLayers(_ model: Model) -> [Layer] {
        model.kind == .sequential ? Array(model.layers.dropFirst()) : model.layers
    }

    static func load(from root: HDF5Group, into model: Model, source: String) throws {
        let layers = savedLayers(model)
        for (layer, groupName) in zip(layers, KerasNaming.weightGroupNames(layers)) where !layer.parameters.isEmpty {
            let path = "layers/\(groupName)/vars"
            guard try root.hasGroup(path) else {
                throw KikuchiError.badInput(source, "layer '\(layer.name)': missing group '\(path)'")
            }
            let vars = try root.group(path)
            let indices = try vars.datasetNames().compactMap(Int.init).sorted()
            guard indices == Array(0..<indices.count) else {
                throw KikuchiError.badInput(source, "layer '\(layer.name)': the variables of '\(path)' are not numbered 0, 1, ...")
            }
            let weights = try indices.map { index -> (shape: [Int], values: [Float]) in
                let dataset = try vars.dataset(String(index))
                return (dataset.shape, try dataset.read(as: Float.self))
            }
            guard let position = model.layers.firstIndex(where: { $0 === layer }) else { continue }
            try model.setWeights(of: position, weights, source: source)
        }
    }

    static func write(_ model: Model, to root: HDF5Group) throws {
        let layers = savedLayers(model)
        for (layer, groupName) in zip(layers, KerasNaming.weightGroupNames(layers)) {
            let vars = try root.createGroup("layers/\(groupName)/vars")
            try vars.writeStringAttribute("name", layer.name)
            for (index, parameter) in layer.parameters.enumerated() {
                try vars.createDataset(String(index), values: parameter.values, shape: parameter.shape)
            }
        }
        let top = try root.createGroup("vars")
        try top.writeStringAttribute("name", model.name)
    }
}
