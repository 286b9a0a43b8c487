import KikuchiCore

/// Keras `Concatenate`: inputs joined along one axis of the sample (rows, columns or, by
/// default, channels); the other axes must agree.
public final class Concatenate: Layer {
    public let name: String
    public var className: String { "Concatenate" }
    /// The sample axis joined: 1 rows, 2 columns, 3 channels (Keras' -3, -2, -1).
    public let axis: Int
    public var parameters: [LayerParameter] { [] }

    public init(name: String, axis: Int = 3) {
        self.name = name
        self.axis = axis
    }

    public convenience init(config: KerasLayerConfig) throws {
        let axis = try config.int("axis", default: -1)
        guard (-3 ... -1).contains(axis) || (1...3).contains(axis) else {
            throw config.problem("axis \(axis) is not supported (1, 2 or 3, or -3 to -1)")
        }
        self.init(name: config.name, axis: axis < 0 ? axis + 4 : axis)
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        guard !inputs.isEmpty else {
            throw KikuchiError.badInput("", "layer '\(name)' (Concatenate) needs inputs")
        }
        func sizes(_ shape: FeatureShape) -> [Int?] { [shape.height, shape.width, shape.channels] }
        var joined = sizes(inputs[0])
        for other in inputs.dropFirst() {
            let otherSizes = sizes(other)
            for dimension in 0..<3 {
                if dimension == axis - 1 {
                    joined[dimension] = joined[dimension].flatMap { total in otherSizes[dimension].map { total + $0 } }
                } else if let mine = joined[dimension], let theirs = otherSizes[dimension], mine != theirs {
                    throw KikuchiError.badInput("", "layer '\(name)' (Concatenate): inputs of shapes \(inputs[0]) and \(other) do not fit along axis \(axis)")
                }
            }
        }
        return FeatureShape(height: joined[0], width: joined[1], channels: joined[2]!)
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] { ["axis": axis - 4] }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let first = inputs[0]
        var shape = first.shape
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        // Each sample is `outer` runs of a contiguous block per input: the block is everything
        // from the joined axis inwards.
        let outer = shape[0] * shape[1..<axis].reduce(1, *)
        let blocks = inputs.map { $0.storage.count / outer }
        let joinedBlock = blocks.reduce(0, +)
        return Tensor(shape: shape) { output in
            var offset = 0
            for (index, input) in inputs.enumerated() {
                input.storage.withUnsafeBufferPointer { source in
                    for run in 0..<outer {
                        (output.baseAddress! + run * joinedBlock + offset).update(
                            from: source.baseAddress! + run * blocks[index],
                            count: blocks[index])
                    }
                }
                offset += blocks[index]
            }
        }
    }
}
