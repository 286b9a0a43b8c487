/// Builds a Functional `Model` layer by layer, naming each layer as Keras names a new one of
/// its class (`conv2d`, `conv2d_1`, ...), so a saved model reads like one Keras built.
struct ModelGraphBuilder {
    private var layers: [Layer]
    private var inbound: [[Int]] = [[]]
    private var namesUsed: [String: Int] = [:]

    /// A graph holding only its input.
    init(inputShape: FeatureShape) {
        layers = [InputLayer(name: "input_layer", shape: inputShape)]
    }

    /// The index of the input's output tensor.
    var input: Int { 0 }

    /// The next Keras name for a layer whose snake-case class name is `base`.
    mutating func name(_ base: String) -> String {
        let used = namesUsed[base, default: 0]
        namesUsed[base] = used + 1
        return used == 0 ? base : "\(base)_\(used)"
    }

    /// Adds `layer`, fed by the outputs of `sources` in argument order, and returns its index.
    @discardableResult
    mutating func add(_ layer: Layer, _ sources: Int...) -> Int {
        layers.append(layer)
        inbound.append(sources)
        return layers.count - 1
    }

    /// The model whose output is the last layer added.
    func model(name: String) throws -> Model {
        try Model(name: name, kind: .functional, layers: layers, inbound: inbound, outputIndex: layers.count - 1)
    }
}
