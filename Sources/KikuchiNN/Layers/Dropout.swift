/// Keras `Dropout`: only active in training, so the identity in a forward pass.
public final class Dropout: Layer {
    public let name: String
    public var className: String { "Dropout" }
    public let rate: Float
    public var parameters: [LayerParameter] { [] }

    public init(name: String, rate: Float) {
        self.name = name
        self.rate = rate
    }

    public convenience init(config: KerasLayerConfig) throws {
        self.init(name: config.name, rate: try config.float("rate", default: 0.5))
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape { try singleInput(inputs) }

    public func kerasConfig(style: KerasStyle) -> [String: Any] { ["rate": Double(rate)] }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor { inputs[0] }
}
