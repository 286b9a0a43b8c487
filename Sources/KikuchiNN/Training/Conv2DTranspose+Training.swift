/// Conv2DTranspose in training. The kernel (kh, kw, filters, in) is the (kh*kw*filters x in)
/// matrix K; with the output as the image and the input as the grid of `ConvolutionPatches`:
/// z = col2im(x Kᵀ) + b, y = act(z); backward, with G = im2col(dL/dz) (one row of taps per input
/// pixel): dL/dx = G K, dL/dK = Σ Gᵀ x, dL/db = Σ over pixels of dL/dz.
extension Conv2DTranspose: TrainableLayer {
    func patches(forInputHeight height: Int, width: Int) -> ConvolutionPatches {
        let outputHeight = outputLength(height, kernel: kernelSize.rows, stride: strides.rows, outputPadding: outputPadding?.rows)
        let outputWidth = outputLength(width, kernel: kernelSize.columns, stride: strides.columns, outputPadding: outputPadding?.columns)
        return ConvolutionPatches(
            imageHeight: outputHeight, imageWidth: outputWidth, channels: filters,
            gridHeight: height, gridWidth: width,
            kernelRows: kernelSize.rows, kernelColumns: kernelSize.columns,
            strideRows: strides.rows, strideColumns: strides.columns,
            padTop: offset(input: height, output: outputHeight, kernel: kernelSize.rows, stride: strides.rows),
            padLeft: offset(input: width, output: outputWidth, kernel: kernelSize.columns, stride: strides.columns))
    }

    public func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord {
        let input = inputs[0]
        let geometry = patches(forInputHeight: input.height, width: input.width)
        let outputSize = geometry.imageHeight * geometry.imageWidth * filters
        var z = Tensor(shape: [input.count, geometry.imageHeight, geometry.imageWidth, filters])
        let scratch = workspace.scratch(0, count: geometry.bandRows * geometry.gridWidth * geometry.patchLength)
        input.storage.withUnsafeBufferPointer { source in
            kernel.values.withUnsafeBufferPointer { weights in
                z.storage.withUnsafeMutableBufferPointer { destination in
                    for sample in 0..<input.count {
                        let x = source.baseAddress! + sample * input.sampleSize
                        let y = destination.baseAddress! + sample * outputSize
                        geometry.forEachBand { first, count in
                            GEMM.multiply(
                                m: count * input.width, n: geometry.patchLength, k: input.channels,
                                a: x + first * input.width * input.channels, lda: input.channels,
                                b: weights.baseAddress!, ldb: input.channels, transposeB: true,
                                c: scratch, ldc: geometry.patchLength)
                            geometry.scatterAdd(scratch, firstRow: first, rowCount: count, into: y)
                        }
                        if let bias {
                            bias.values.withUnsafeBufferPointer {
                                Activation.linear.applyWithBias(y, rows: geometry.imageHeight * geometry.imageWidth, channels: filters, bias: $0.baseAddress)
                            }
                        }
                    }
                }
            }
        }
        return ActivatedOutput.record(preActivation: z, activation: activation)
    }

    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        let input = inputs[0]
        let dz = ActivatedOutput.preActivationGradient(outputGradient, record: record, activation: activation)
        let geometry = patches(forInputHeight: input.height, width: input.width)
        let outputPixels = geometry.imageHeight * geometry.imageWidth
        let gathered = workspace.scratch(0, count: geometry.bandRows * geometry.gridWidth * geometry.patchLength)
        var inputGradient = Tensor(shape: needsInputGradients ? input.shape : [0, 0, 0, 0])
        if useBias { TrainingProducts.addBiasGradient(dz, channels: filters, into: &parameterGradients[1]) }
        input.storage.withUnsafeBufferPointer { source in
            dz.storage.withUnsafeBufferPointer { gradient in
                kernel.values.withUnsafeBufferPointer { weights in
                    parameterGradients[0].withUnsafeMutableBufferPointer { kernelGradient in
                        inputGradient.storage.withUnsafeMutableBufferPointer { inputBuffer in
                            for sample in 0..<input.count {
                                let x = source.baseAddress! + sample * input.sampleSize
                                let g = gradient.baseAddress! + sample * outputPixels * filters
                                geometry.forEachBand { first, count in
                                    let bandPixels = count * input.width
                                    let xBand = x + first * input.width * input.channels
                                    geometry.gather(from: g, firstRow: first, rowCount: count, into: gathered)
                                    TrainingProducts.multiply(
                                        m: geometry.patchLength, n: input.channels, k: bandPixels,
                                        a: gathered, lda: geometry.patchLength, transposeA: true,
                                        b: xBand, ldb: input.channels, transposeB: false,
                                        c: kernelGradient.baseAddress!, ldc: input.channels, accumulate: true)
                                    guard needsInputGradients else { return }
                                    TrainingProducts.multiply(
                                        m: bandPixels, n: input.channels, k: geometry.patchLength,
                                        a: gathered, lda: geometry.patchLength, transposeA: false,
                                        b: weights.baseAddress!, ldb: input.channels, transposeB: false,
                                        c: inputBuffer.baseAddress! + sample * input.sampleSize + first * input.width * input.channels,
                                        ldc: input.channels, accumulate: false)
                                }
                            }
                        }
                    }
                }
            }
        }
        return needsInputGradients ? [inputGradient] : []
    }
}
