/// A batch of feature maps: float32, NHWC (sample, row, column, channel), contiguous row-major.
///
/// The element at (n, y, x, c) is `storage[((n * height + y) * width + x) * channels + c]`, the
/// layout Keras uses with `channels_last`, so weights and `.npy` data need no transposition.
public struct Tensor: Equatable, Sendable {
    /// (count, height, width, channels).
    public private(set) var shape: [Int]
    /// The values, `shape` in row-major order.
    public var storage: [Float]

    /// A tensor of `shape` holding `storage` (which must have exactly that many values).
    public init(shape: [Int], storage: [Float]) {
        precondition(shape.count == 4, "a tensor is (count, height, width, channels)")
        precondition(shape.reduce(1, *) == storage.count, "tensor shape \(shape) does not match \(storage.count) values")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of `shape` with every element `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, storage: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor whose elements are all written by `fill` (given the uninitialised buffer); for
    /// outputs that a layer overwrites completely, so that they are not zeroed first.
    public init(shape: [Int], fillingWith fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        let storage = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
        self.init(shape: shape, storage: storage)
    }

    public var count: Int { shape[0] }
    public var height: Int { shape[1] }
    public var width: Int { shape[2] }
    public var channels: Int { shape[3] }
    /// Values in one sample: height x width x channels.
    public var sampleSize: Int { shape[1] * shape[2] * shape[3] }
    /// The per-sample shape.
    public var featureShape: FeatureShape { FeatureShape(height: height, width: width, channels: channels) }

    /// The value at (n, y, x, c).
    public subscript(n: Int, y: Int, x: Int, c: Int) -> Float {
        get { storage[((n * shape[1] + y) * shape[2] + x) * shape[3] + c] }
        set { storage[((n * shape[1] + y) * shape[2] + x) * shape[3] + c] = newValue }
    }

    /// Samples `range` as a tensor of their own.
    public func samples(_ range: Range<Int>) -> Tensor {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "samples \(range) outside a batch of \(count)")
        let size = sampleSize
        return Tensor(
            shape: [range.count, height, width, channels],
            storage: Array(storage[range.lowerBound * size..<range.upperBound * size]))
    }

    /// The largest absolute difference between two tensors of the same shape.
    public func maximumAbsoluteDifference(from other: Tensor) -> Float {
        precondition(shape == other.shape, "cannot compare tensors of shapes \(shape) and \(other.shape)")
        var largest: Float = 0
        for index in storage.indices {
            let difference = abs(storage[index] - other.storage[index])
            if difference > largest || difference.isNaN { largest = difference.isNaN ? .infinity : difference }
        }
        return largest
    }
}
