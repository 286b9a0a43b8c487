/// UpSampling2D's backward pass, the transpose of its forward pass: with `nearest` each input
/// cell receives the sum of the gradients of the factor x factor cells that copied it; with
/// `bilinear` each output cell's gradient goes to its four neighbours with the interpolation
/// weights (1 - wr)(1 - wc), (1 - wr) wc, wr (1 - wc) and wr wc.
extension UpSampling2D: StatelessTrainableLayer {
    /// For each output cell along an axis: the lower and upper input cells and the upper's weight
    /// (the forward pass's sampling: position (o + 0.5) / factor - 0.5, clamped to the edges).
    func trainingSamplingPoints(input: Int, factor: Int) -> [(lower: Int, upper: Int, weight: Float)] {
        (0..<input * factor).map { output in
            guard interpolation == .bilinear else { return (output / factor, output / factor, 0) }
            let position = (Float(output) + 0.5) / Float(factor) - 0.5
            let below = position.rounded(.down)
            return (max(Int(below), 0), min(Int(position.rounded(.up)), input - 1), position - below)
        }
    }

    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        let input = inputs[0]
        let channels = input.channels
        let rowPoints = trainingSamplingPoints(input: input.height, factor: size.rows)
        let columnPoints = trainingSamplingPoints(input: input.width, factor: size.columns)
        var inputGradient = Tensor(shape: input.shape)
        outputGradient.storage.withUnsafeBufferPointer { gradient in
            inputGradient.storage.withUnsafeMutableBufferPointer { target in
                var g = gradient.baseAddress!
                for sample in 0..<input.count {
                    let dx = target.baseAddress! + sample * input.sampleSize
                    for (top, bottom, rowWeight) in rowPoints {
                        for (left, right, columnWeight) in columnPoints {
                            let corners = [
                                (top, left, (1 - rowWeight) * (1 - columnWeight)), (top, right, (1 - rowWeight) * columnWeight),
                                (bottom, left, rowWeight * (1 - columnWeight)), (bottom, right, rowWeight * columnWeight)
                            ]
                            for (row, column, weight) in corners where weight != 0 || (row == top && column == left) {
                                let cell = dx + (row * input.width + column) * channels
                                for channel in 0..<channels { cell[channel] += g[channel] * weight }
                            }
                            g += channels
                        }
                    }
                }
            }
        }
        return [inputGradient]
    }
}
