/// Keras' padding modes for convolutions and pooling.
public enum PaddingMode: String, Sendable {
    case same, valid
}

/// Where a sliding window of `kernel` cells with `stride` falls along one axis.
///
/// Keras (TensorFlow) padding: `valid` gives out = floor((in - k) / s) + 1 and no padding; `same`
/// gives out = ceil(in / s), pads pad_total = max((out - 1) * s + k - in, 0) cells, floor(pad_total / 2)
/// before and the rest after: an even kernel pads one more cell at the end than at the start.
public struct WindowGeometry: Equatable, Sendable {
    public let inputSize: Int
    public let kernel: Int
    public let stride: Int
    public let outputSize: Int
    /// Cells of padding before the first input cell; window o starts at o * stride - padBefore.
    public let padBefore: Int

    public init(inputSize: Int, kernel: Int, stride: Int, padding: PaddingMode) {
        self.inputSize = inputSize
        self.kernel = kernel
        self.stride = stride
        switch padding {
        case .valid:
            outputSize = inputSize >= kernel ? (inputSize - kernel) / stride + 1 : 0
            padBefore = 0
        case .same:
            outputSize = (inputSize + stride - 1) / stride
            padBefore = max((outputSize - 1) * stride + kernel - inputSize, 0) / 2
        }
    }

    /// The output size for an input of `size` cells, or nil for an unknown size.
    public static func outputSize(_ size: Int?, kernel: Int, stride: Int, padding: PaddingMode) -> Int? {
        size.map { WindowGeometry(inputSize: $0, kernel: kernel, stride: stride, padding: padding).outputSize }
    }

    /// The first input cell of window `output` (may be negative: padding).
    @inline(__always)
    public func start(_ output: Int) -> Int { output * stride - padBefore }
}
