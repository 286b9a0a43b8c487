import Foundation

extension Activation {
    /// Multiplies `gradient` (dL/dy) in place by dy/dz at the pre-activation values `z`, giving
    /// dL/dz: relu 1 where z > 0 (TensorFlow's ReluGrad: 0 at z = 0); sigmoid s(1 - s); tanh
    /// 1 - tanh²; leaky 1 where z > 0 else the slope; elu 1 where z > 0 else alpha e^z; swish
    /// s + z s (1 - s).
    public func multiplyByDerivative(_ gradient: UnsafeMutablePointer<Float>, preActivation z: UnsafePointer<Float>, count: Int) {
        switch self {
        case .linear:
            return
        case .relu:
            for index in 0..<count where !(z[index] > 0) { gradient[index] = 0 }
        case .sigmoid:
            for index in 0..<count {
                let s = Activation.sigmoid(z[index])
                gradient[index] *= s * (1 - s)
            }
        case .tanh:
            for index in 0..<count {
                let t = Foundation.tanh(z[index])
                gradient[index] *= 1 - t * t
            }
        case let .leakyReLU(slope):
            for index in 0..<count where !(z[index] > 0) { gradient[index] *= slope }
        case let .elu(alpha):
            for index in 0..<count where !(z[index] > 0) { gradient[index] *= alpha * Foundation.exp(z[index]) }
        case .swish:
            for index in 0..<count {
                let s = Activation.sigmoid(z[index])
                gradient[index] *= s + z[index] * s * (1 - s)
            }
        }
    }

    /// Whether the derivative needs the pre-activation values (all but `linear`).
    var needsPreActivation: Bool { self != .linear }
}
