/// MaxPooling2D's backward pass: each window's output gradient goes, per channel, to the cell
/// that held the maximum; on ties to the first such cell in row-major window order (the cell
/// the forward pass chose, as TensorFlow's CPU kernel does). Overlapping windows add up.
extension MaxPooling2D: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        let input = inputs[0]
        let channels = input.channels
        var inputGradient = Tensor(shape: input.shape)
        let outputSampleSize = outputGradient.sampleSize
        let disjoint = window.disjointWindows(height: input.height, width: input.width)
        input.storage.withUnsafeBufferPointer { source in
            outputGradient.storage.withUnsafeBufferPointer { gradient in
                inputGradient.storage.withUnsafeMutableBufferPointer { target in
                    for sample in 0..<input.count {
                        let x = source.baseAddress! + sample * input.sampleSize
                        let dx = target.baseAddress! + sample * input.sampleSize
                        let g = gradient.baseAddress! + sample * outputSampleSize
                        if let (rows, columns) = disjoint {
                            window.maxPoolGradient(
                                input: x, outputGradient: g, height: input.height, width: input.width,
                                channels: channels, pooledRows: rows, pooledColumns: columns, into: dx)
                            continue
                        }
                        _ = window.forEachWindow(height: input.height, width: input.width) { pixel, cells in
                            cells.withUnsafeBufferPointer { cells in
                                for channel in 0..<channels {
                                    var best = cells[0], bestValue = x[best * channels + channel]
                                    for index in 1..<cells.count {
                                        let cell = cells[index], value = x[cell * channels + channel]
                                        if value > bestValue { (best, bestValue) = (cell, value) }
                                    }
                                    dx[best * channels + channel] += g[pixel * channels + channel]
                                }
                            }
                        }
                    }
                }
            }
        }
        return [inputGradient]
    }
}
