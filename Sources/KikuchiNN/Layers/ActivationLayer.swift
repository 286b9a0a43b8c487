/// Keras `Activation`: one of the supported activations applied element-wise.
public final class ActivationLayer: Layer {
    public let name: String
    public var className: String { "Activation" }
    public let activation: Activation
    public var parameters: [LayerParameter] { [] }

    public init(name: String, activation: Activation) {
        self.name = name
        self.activation = activation
    }

    public convenience init(config: KerasLayerConfig) throws {
        self.init(name: config.name, activation: try config.activation())
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape { try singleInput(inputs) }

    public func kerasConfig(style: KerasStyle) -> [String: Any] { ["activation": activation.kerasName] }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        var output = inputs[0]
        output.storage.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        return output
    }
}
