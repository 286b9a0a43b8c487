import Foundation

/// How a model is trained (the options of `kikuchi train`).
public struct TrainingConfiguration: Equatable, Sendable {
    public var epochs: Int = 10
    public var batchSize: Int = 32
    public var learningRate: Double = 0.001
    public var decay: LearningRateDecay = .none
    public var loss: Loss = .mse
    /// Side of the square random crop taken from each training pattern each epoch (nil: whole
    /// patterns). Validation patterns are cropped at their centre.
    public var crop: Int?
    /// The fraction of patterns held out for validation: the last ones, as Keras' `validation_split`.
    public var validationFraction: Double = 0
    public var shuffle: Bool = true
    public var seed: UInt64 = 1
    /// Epochs without a lower validation loss after which training stops (Keras' EarlyStopping
    /// on val_loss, min_delta 0; the weights of the last epoch are kept, as its default).
    public var patience: Int?
    /// Worker threads; not part of the checkpoint's settings, though the summation order of the
    /// workers' gradients, and so the last bits, depend on it.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    /// The settings a resumed run must share with the run that wrote the checkpoint.
    var resumeFingerprint: String {
        "batch \(batchSize), lr \(learningRate), decay \(decay), loss \(loss.rawValue), crop \(crop.map(String.init) ?? "none"), validation \(validationFraction), shuffle \(shuffle), seed \(seed)"
    }
}

/// Optional learning-rate decay, applied per epoch e = 0, 1, ...: exponential lr · rate^e or
/// inverse-time lr / (1 + rate · e) (Keras' ExponentialDecay and InverseTimeDecay with
/// decay_steps = one epoch and staircase, so the rate is constant within an epoch).
public enum LearningRateDecay: Equatable, Sendable, CustomStringConvertible {
    case none
    case exponential(Double)
    case inverseTime(Double)

    /// `exponential:R` or `inverse-time:R`.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let rate = Double(parts[1]), rate.isFinite, rate >= 0 else { return nil }
        switch parts[0] {
        case "exponential": self = .exponential(rate)
        case "inverse-time": self = .inverseTime(rate)
        default: return nil
        }
    }

    /// The learning rate of epoch `epoch` (from 0) for an initial rate `initial`.
    public func rate(initial: Double, epoch: Int) -> Double {
        switch self {
        case .none: return initial
        case let .exponential(rate): return initial * pow(rate, Double(epoch))
        case let .inverseTime(rate): return initial / (1 + rate * Double(epoch))
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case let .exponential(rate): return "exponential:\(rate)"
        case let .inverseTime(rate): return "inverse-time:\(rate)"
        }
    }
}
