import Foundation

/// Adam as Keras 3 implements it (keras/src/optimizers/adam.py), per trainable weight w with
/// gradient g at step t = 1, 2, ...:
///
///     m ← m + (g - m)(1 - β1),   v ← v + (g² - v)(1 - β2),
///     α = lr · sqrt(1 - β2^t) / (1 - β1^t),   w ← w - α m / (sqrt(v) + ε)
///
/// with Keras' defaults lr = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7 (ε outside the square root
/// and not bias-corrected: the form of the original paper's Algorithm 1 "efficient version").
public final class Adam {
    /// Kept in Double as Keras keeps them in Python floats: 1 - β is formed in double precision
    /// and rounded once to float32 (0.1f, not 1 - 0.9f).
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Float
    /// Steps taken (Keras' `iterations`).
    public private(set) var iterations: Int = 0
    /// First and second moments, [layer][parameter][element], zero for untrainable entries.
    public private(set) var moments: ParameterGradients
    public private(set) var velocities: ParameterGradients

    public init(for model: Model, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-7) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        moments = ParameterGradients(zeroFor: model)
        velocities = ParameterGradients(zeroFor: model)
    }

    /// Restores a saved state (from a checkpoint).
    public func restore(iterations: Int, moments: ParameterGradients, velocities: ParameterGradients) {
        self.iterations = iterations
        self.moments = moments
        self.velocities = velocities
    }

    /// One update of every trainable weight of `model` with `gradients` at `learningRate`.
    public func step(_ model: Model, gradients: ParameterGradients, learningRate: Float) {
        // Keras takes the powers in float32 of the float32 betas.
        let t = Float(iterations + 1)
        let alpha = learningRate * (1 - Foundation.pow(Float(beta2), t)).squareRoot() / (1 - Foundation.pow(Float(beta1), t))
        let keep1 = Float(1 - beta1), keep2 = Float(1 - beta2)
        for (layerIndex, layer) in model.trainableLayers.enumerated() {
            let parameters = layer.parameters
            for parameterIndex in layer.trainableParameterIndices {
                let parameter = parameters[parameterIndex]
                let g = gradients.values[layerIndex][parameterIndex]
                moments.values[layerIndex][parameterIndex].withUnsafeMutableBufferPointer { m in
                    velocities.values[layerIndex][parameterIndex].withUnsafeMutableBufferPointer { v in
                        parameter.values.withUnsafeMutableBufferPointer { w in
                            for index in 0..<w.count {
                                m[index] += (g[index] - m[index]) * keep1
                                v[index] += (g[index] * g[index] - v[index]) * keep2
                                w[index] -= m[index] * alpha / (v[index].squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        }
        iterations += 1
    }
}
