/// What Cropping2D and ZeroPadding2D share: a margin of rows at the top and bottom and of columns
/// at the left and right, given to Keras as ((top, bottom), (left, right)) under `marginKey`.
public protocol MarginLayer: Layer {
    /// The configuration key of the margins: "cropping" or "padding".
    static var marginKey: String { get }
    var top: Int { get }
    var bottom: Int { get }
    var left: Int { get }
    var right: Int { get }
    init(name: String, top: Int, bottom: Int, left: Int, right: Int)
}

extension MarginLayer {
    public init(config: KerasLayerConfig) throws {
        try config.requireChannelsLast()
        let sides = try config.sides(Self.marginKey)
        self.init(name: config.name, top: sides.top, bottom: sides.bottom, left: sides.left, right: sides.right)
    }

    public var parameters: [LayerParameter] { [] }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [Self.marginKey: [[top, bottom], [left, right]], "data_format": "channels_last"]
    }
}
