import Foundation

/// BatchNormalization in training, as Keras 3: per channel the batch mean μ and the biased
/// variance σ² = mean((x - μ)²) over samples, rows and columns; y = γ x̂ + β with
/// x̂ = (x - μ) / sqrt(σ² + ε). The moving statistics become m · momentum + batch · (1 - momentum)
/// (Keras updates the moving variance with the same biased σ²). Backward, with m values per
/// channel: dL/dγ = Σ dL/dy x̂, dL/dβ = Σ dL/dy, and
/// dL/dx = γ / (m sqrt(σ² + ε)) (m dL/dy - Σ dL/dy - x̂ Σ dL/dy x̂).
/// In inference mode (validation) it normalises with the moving statistics, a fixed affine map
/// whose input gradient is γ dL/dy / sqrt(σ² + ε).
extension BatchNormalization: TrainableLayer {
    public var mixesSamples: Bool { true }

    /// gamma and beta; not the moving statistics.
    public var trainableParameterIndices: [Int] { Array(0..<((scale ? 1 : 0) + (center ? 1 : 0))) }

    public func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord {
        let input = inputs[0]
        let channels = input.channels
        guard context.training else {
            let mean = movingMean.values
            let inverse = movingVariance.values.map { 1 / ($0 + epsilon).squareRoot() }
            return ForwardRecord(output: normalized(input, mean: mean, inverseDeviation: inverse), saved: mean + inverse + [0])
        }
        let pixels = input.storage.count / channels
        var sums = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        input.storage.withUnsafeBufferPointer { x in
            for pixel in 0..<pixels { for channel in 0..<channels { sums[channel] += Double(x[pixel * channels + channel]) } }
            for channel in 0..<channels { sums[channel] /= Double(pixels) }
            for pixel in 0..<pixels {
                for channel in 0..<channels {
                    let deviation = Double(x[pixel * channels + channel]) - sums[channel]
                    squares[channel] += deviation * deviation
                }
            }
        }
        let mean = sums.map { Float($0) }
        let variance = squares.map { Float($0 / Double(pixels)) }
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        if context.updatesStatistics {
            for channel in 0..<channels {
                movingMean.values[channel] = movingMean.values[channel] * momentum + mean[channel] * (1 - momentum)
                movingVariance.values[channel] = movingVariance.values[channel] * momentum + variance[channel] * (1 - momentum)
            }
        }
        return ForwardRecord(output: normalized(input, mean: mean, inverseDeviation: inverse), saved: mean + inverse + [1])
    }

    /// γ (x - mean) inverseDeviation + β per channel.
    private func normalized(_ input: Tensor, mean: [Float], inverseDeviation: [Float]) -> Tensor {
        let channels = input.channels
        var output = input
        output.storage.withUnsafeMutableBufferPointer { y in
            for pixel in 0..<y.count / channels {
                for channel in 0..<channels {
                    let index = pixel * channels + channel
                    y[index] = (gamma?.values[channel] ?? 1) * (y[index] - mean[channel]) * inverseDeviation[channel] + (beta?.values[channel] ?? 0)
                }
            }
        }
        return output
    }

    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        let input = inputs[0]
        let channels = input.channels
        let pixels = input.storage.count / channels
        let mean = Array(record.saved[0..<channels])
        let inverse = Array(record.saved[channels..<2 * channels])
        // The statistics are the batch's own in training, constants in inference mode.
        let batchStatistics = record.saved[2 * channels] == 1
        var gradientSums = [Double](repeating: 0, count: channels)
        var weightedSums = [Double](repeating: 0, count: channels)
        input.storage.withUnsafeBufferPointer { x in
            outputGradient.storage.withUnsafeBufferPointer { g in
                for pixel in 0..<pixels {
                    for channel in 0..<channels {
                        let index = pixel * channels + channel
                        let normalized = (x[index] - mean[channel]) * inverse[channel]
                        gradientSums[channel] += Double(g[index])
                        weightedSums[channel] += Double(g[index] * normalized)
                    }
                }
            }
        }
        var next = 0
        if scale {
            for channel in 0..<channels { parameterGradients[next][channel] += Float(weightedSums[channel]) }
            next += 1
        }
        if center {
            for channel in 0..<channels { parameterGradients[next][channel] += Float(gradientSums[channel]) }
        }
        guard needsInputGradients else { return [] }
        var inputGradient = outputGradient
        let count = Float(pixels)
        let centring: Float = batchStatistics ? 1 : 0
        input.storage.withUnsafeBufferPointer { x in
            inputGradient.storage.withUnsafeMutableBufferPointer { g in
                for pixel in 0..<pixels {
                    for channel in 0..<channels {
                        let index = pixel * channels + channel
                        let gammaValue = gamma?.values[channel] ?? 1
                        let normalized = (x[index] - mean[channel]) * inverse[channel]
                        g[index] =
                            gammaValue * inverse[channel]
                            * (g[index] - centring
                                * (Float(gradientSums[channel]) / count
                                    + normalized * Float(weightedSums[channel]) / count))
                    }
                }
            }
        }
        return [inputGradient]
    }
}
