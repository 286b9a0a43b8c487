/// Gradients for every parameter of a model: for each layer, one array per entry of its
/// `parameters` (untrainable entries stay zero). Each worker fills its own; the step adds them
/// in worker order, so a run's result does not depend on thread timing.
public struct ParameterGradients: Sendable {
    /// [layer][parameter][element].
    public var values: [[[Float]]]

    /// Zero gradients shaped like `model`'s parameters.
    public init(zeroFor model: Model) {
        values = model.layers.map { layer in layer.parameters.map { [Float](repeating: 0, count: $0.values.count) } }
    }

    /// Sets every gradient to zero, keeping the memory.
    public mutating func zero() {
        for layer in values.indices {
            for parameter in values[layer].indices {
                values[layer][parameter].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
        }
    }

    /// Adds `other` element by element.
    public mutating func add(_ other: ParameterGradients) {
        for layer in values.indices {
            for parameter in values[layer].indices {
                other.values[layer][parameter].withUnsafeBufferPointer { source in
                    values[layer][parameter].withUnsafeMutableBufferPointer { target in
                        if let from = source.baseAddress, let to = target.baseAddress { GEMM.add(from, to: to, count: target.count) }
                    }
                }
            }
        }
    }
}
