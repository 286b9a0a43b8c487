/// One weight array of a layer (a kernel, a bias, a batch-norm statistic) with its Keras name
/// and shape; the values are row-major in that shape, as Keras stores them.
public final class LayerParameter {
    /// Keras' short name: `kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`.
    public let name: String
    public let shape: [Int]
    public var values: [Float] {
        didSet { revision &+= 1 }
    }
    /// Counts changes to `values`, so that a layer can tell whether a form it derived from them
    /// (a transformed kernel) is still current.
    public private(set) var revision = 0

    public init(name: String, shape: [Int], values: [Float]? = nil) {
        self.name = name
        self.shape = shape
        self.values = values ?? [Float](repeating: 0, count: shape.reduce(1, *))
        precondition(self.values.count == shape.reduce(1, *), "parameter \(name) of shape \(shape) needs \(shape.reduce(1, *)) values")
    }
}
