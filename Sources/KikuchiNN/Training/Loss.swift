import Foundation

/// The training losses, with Keras' default reduction `sum_over_batch_size`: the mean over each
/// sample's elements, then the mean over the batch, which for samples of one size is the mean
/// over every element of the batch.
public enum Loss: String, CaseIterable, Sendable {
    /// Mean squared error: mean((y - t)²); dL/dy = 2 (y - t) / n.
    case mse
    /// Mean absolute error: mean(|y - t|); dL/dy = sign(y - t) / n (0 where y = t, as
    /// TensorFlow's derivative of |x| at 0).
    case mae

    /// The loss summed over `prediction`'s elements (not yet divided), in Double.
    public func sum(prediction: Tensor, target: Tensor) -> Double {
        precondition(prediction.shape == target.shape, "prediction \(prediction.shape) and target \(target.shape) differ")
        var total = 0.0
        for index in prediction.storage.indices {
            let difference = Double(prediction.storage[index] - target.storage[index])
            total += self == .mse ? difference * difference : abs(difference)
        }
        return total
    }

    /// dL/dy for these elements when the loss divides by `elementCount` (the batch's elements).
    public func gradient(prediction: Tensor, target: Tensor, elementCount: Int) -> Tensor {
        let scale = 1 / Float(elementCount)
        var gradient = prediction
        for index in gradient.storage.indices {
            let difference = prediction.storage[index] - target.storage[index]
            switch self {
            case .mse: gradient.storage[index] = 2 * difference * scale
            case .mae: gradient.storage[index] = difference > 0 ? scale : (difference < 0 ? -scale : 0)
            }
        }
        return gradient
    }
}
