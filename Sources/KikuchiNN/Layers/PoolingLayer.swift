/// What MaxPooling2D and AveragePooling2D share: a window from the Keras configuration, no
/// weights, and the output shape the window gives; they differ only in how a window's cells
/// become one value.
public protocol PoolingLayer: Layer {
    var window: PoolingWindow { get }
    init(name: String, window: PoolingWindow)
}

extension PoolingLayer {
    public var parameters: [LayerParameter] { [] }

    public init(config: KerasLayerConfig) throws {
        self.init(name: config.name, window: try PoolingWindow(config: config))
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        try window.outputShape(try singleInput(inputs), layer: name)
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] { window.kerasConfig }
}
