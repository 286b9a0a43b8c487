/// How a Conv2D computes its output.
public enum ConvolutionAlgorithm: Sendable {
    /// Winograd where it applies and pays off (see `Conv2D.winogradTransform(inChannels:)`),
    /// im2col + GEMM elsewhere.
    case automatic
    /// Always the direct im2col + GEMM path (the reference the Winograd path is tested against).
    case im2col
    /// Winograd wherever the shape allows it (stride 1, a 3x3 or 5x5 kernel), whatever the
    /// channel counts; im2col elsewhere.
    case winograd
}
