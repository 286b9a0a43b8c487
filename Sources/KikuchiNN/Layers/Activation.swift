import Foundation
import KikuchiCore

/// The element-wise activations of Keras that kikuchi runs, applied in place after a layer's
/// product and bias (fused into the GEMM epilogue so the tile is still in cache).
public enum Activation: Equatable, Sendable {
    case linear
    case relu
    case sigmoid
    case tanh
    /// x for x >= 0, slope * x below (Keras' `leaky_relu` activation defaults to 0.2).
    case leakyReLU(slope: Float)
    /// x for x > 0, alpha * (exp(x) - 1) below.
    case elu(alpha: Float)
    /// x * sigmoid(x) (Keras also calls it `silu`).
    case swish

    /// The activation Keras names `name` (as in `"activation": "relu"`).
    public init(kerasName name: String) throws {
        switch name {
        case "linear", "None": self = .linear
        case "relu": self = .relu
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "leaky_relu": self = .leakyReLU(slope: 0.2)
        case "elu": self = .elu(alpha: 1)
        case "swish", "silu": self = .swish
        default:
            throw KikuchiError.badInput("", "activation '\(name)' is not supported (linear, relu, sigmoid, tanh, leaky_relu, elu, swish)")
        }
    }

    /// The name Keras gives it in a configuration.
    public var kerasName: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .leakyReLU: return "leaky_relu"
        case .elu: return "elu"
        case .swish: return "swish"
        }
    }

    /// Applies the activation to `count` values in place.
    public func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .linear:
            return
        case .relu:
            for index in 0..<count { values[index] = max(values[index], 0) }
        case .sigmoid:
            for index in 0..<count { values[index] = Activation.sigmoid(values[index]) }
        case .tanh:
            for index in 0..<count { values[index] = Foundation.tanh(values[index]) }
        case let .leakyReLU(slope):
            for index in 0..<count where values[index] < 0 { values[index] *= slope }
        case let .elu(alpha):
            for index in 0..<count where values[index] <= 0 { values[index] = alpha * (Foundation.exp(values[index]) - 1) }
        case .swish:
            for index in 0..<count { values[index] *= Activation.sigmoid(values[index]) }
        }
    }

    /// Adds `bias[c]` to every row of `rows x channels` values, then applies the activation:
    /// the epilogue every convolution runs on its freshly multiplied tile.
    public func applyWithBias(_ values: UnsafeMutablePointer<Float>, rows: Int, channels: Int, bias: UnsafePointer<Float>?) {
        if let bias {
            for row in 0..<rows {
                let line = values + row * channels
                for channel in 0..<channels { line[channel] += bias[channel] }
            }
        }
        apply(values, count: rows * channels)
    }

    /// 1 / (1 + exp(-x)), written so that neither branch overflows.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
}
