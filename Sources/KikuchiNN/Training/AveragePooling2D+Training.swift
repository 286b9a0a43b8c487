/// AveragePooling2D's backward pass: each window's output gradient is shared equally among the
/// cells it averaged (the real cells only, as the forward pass divides by their count).
extension AveragePooling2D: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        let input = inputs[0]
        let channels = input.channels
        var inputGradient = Tensor(shape: input.shape)
        let outputSampleSize = outputGradient.sampleSize
        outputGradient.storage.withUnsafeBufferPointer { gradient in
            inputGradient.storage.withUnsafeMutableBufferPointer { target in
                for sample in 0..<input.count {
                    let dx = target.baseAddress! + sample * input.sampleSize
                    let g = gradient.baseAddress! + sample * outputSampleSize
                    _ = window.forEachWindow(height: input.height, width: input.width) { pixel, cells in
                        let share = 1 / Float(cells.count)
                        for cell in cells {
                            for channel in 0..<channels { dx[cell * channels + channel] += g[pixel * channels + channel] * share }
                        }
                    }
                }
            }
        }
        return [inputGradient]
    }
}
