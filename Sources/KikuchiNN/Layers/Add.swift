import KikuchiCore

/// Keras `Add`: the element-wise sum of two or more inputs of the same shape (skip connections).
public final class Add: Layer {
    public let name: String
    public var className: String { "Add" }
    public var parameters: [LayerParameter] { [] }

    public init(name: String) {
        self.name = name
    }

    public convenience init(config: KerasLayerConfig) throws {
        self.init(name: config.name)
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        guard inputs.count >= 2 else {
            throw KikuchiError.badInput("", "layer '\(name)' (Add) needs at least two inputs, not \(inputs.count)")
        }
        for other in inputs.dropFirst()
        where other.channels != inputs[0].channels
            || (other.height != nil && inputs[0].height != nil && other.height != inputs[0].height)
            || (other.width != nil && inputs[0].width != nil && other.width != inputs[0].width)
        {
            throw KikuchiError.badInput("", "layer '\(name)' (Add): inputs of shapes \(inputs[0]) and \(other) cannot be added")
        }
        return inputs[0]
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] { [:] }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        var output = inputs[0]
        output.storage.withUnsafeMutableBufferPointer { sum in
            for other in inputs.dropFirst() {
                precondition(other.shape == output.shape, "Add '\(name)': inputs of shapes \(output.shape) and \(other.shape)")
                other.storage.withUnsafeBufferPointer { GEMM.add($0.baseAddress!, to: sum.baseAddress!, count: sum.count) }
            }
        }
        return output
    }
}
