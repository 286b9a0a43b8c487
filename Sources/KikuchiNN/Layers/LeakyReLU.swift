/// Keras `LeakyReLU` layer: x for x >= 0, slope * x below. Keras 3 calls the slope
/// `negative_slope`, tf.keras 2.x `alpha`; both default to 0.3.
public final class LeakyReLU: Layer {
    public let name: String
    public var className: String { "LeakyReLU" }
    public let slope: Float
    public var parameters: [LayerParameter] { [] }

    public init(name: String, slope: Float = 0.3) {
        self.name = name
        self.slope = slope
    }

    public convenience init(config: KerasLayerConfig) throws {
        let slope = config.has("negative_slope") ? try config.float("negative_slope") : try config.float("alpha", default: 0.3)
        self.init(name: config.name, slope: slope)
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape { try singleInput(inputs) }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        style == .keras3 ? ["negative_slope": Double(slope)] : ["alpha": Double(slope)]
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        var output = inputs[0]
        output.storage.withUnsafeMutableBufferPointer { Activation.leakyReLU(slope: slope).apply($0.baseAddress!, count: $0.count) }
        return output
    }
}
