/// Conv2D in training: z = im2col(x) K + b, y = act(z), z computed by the inference path; the
/// backward pass from dL/dy: dL/dz = dL/dy · act'(z); dL/dK = Σ im2col(x)ᵀ dL/dz;
/// dL/db = Σ over pixels of dL/dz; dL/dx = col2im(dL/dz Kᵀ). The kernel (kh, kw, in, filters) is
/// the (kh*kw*in x filters) matrix K. Bands of output rows keep the patch matrices within one
/// workspace tile. Where the layer's forward pass goes by Winograd (stride 1, 3x3 or 5x5, enough
/// channels), so do dL/dK (`WinogradKernelGradient`) and, for `same` padding, dL/dx (a
/// convolution of dL/dz with the flipped kernel, `backwardWinogradKernel`); other stride-1 layers
/// with few filters skip the patch matrices (`TapwiseConvolutionGradient`).
extension Conv2D: TrainableLayer {
    func patches(forInputHeight height: Int, width: Int, channels: Int) -> ConvolutionPatches {
        let rows = WindowGeometry(inputSize: height, kernel: kernelSize.rows, stride: strides.rows, padding: padding)
        let columns = WindowGeometry(inputSize: width, kernel: kernelSize.columns, stride: strides.columns, padding: padding)
        return ConvolutionPatches(
            imageHeight: height, imageWidth: width, channels: channels,
            gridHeight: rows.outputSize, gridWidth: columns.outputSize,
            kernelRows: kernelSize.rows, kernelColumns: kernelSize.columns,
            strideRows: strides.rows, strideColumns: strides.columns,
            padTop: rows.padBefore, padLeft: columns.padBefore)
    }

    /// z by the inference path (Winograd, im2col or its special cases; bias fused, no activation).
    public func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord {
        ActivatedOutput.record(preActivation: convolve(inputs[0], activation: .linear, workspace: workspace), activation: activation)
    }

    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        let input = inputs[0]
        let dz = ActivatedOutput.preActivationGradient(outputGradient, record: record, activation: activation)
        let geometry = patches(forInputHeight: input.height, width: input.width, channels: input.channels)
        let pixels = geometry.gridHeight * geometry.gridWidth
        // Where the forward pass went by Winograd, so do dL/dK and (same padding) dL/dx; the
        // GEMM band loop then runs only for what is left, and never beside WinogradConvolution,
        // which reuses slots 0 and 1: its scratch is taken only when it runs.
        let transform = winogradTransform(inChannels: input.channels)
        let kernelSums = transform.map {
            WinogradKernelGradient(transform: $0, inChannels: input.channels, filters: filters, workspace: workspace)
        }
        let winogradBackward = needsInputGradients ? backwardWinogradKernel(inChannels: input.channels) : nil
        let (rows, columns) = outputGeometry(height: input.height, width: input.width)
        let tapwise =
            transform == nil && TapwiseConvolutionGradient.applies(rows: rows, columns: columns, filters: filters)
            ? TapwiseConvolutionGradient(
                height: input.height, width: input.width, channels: input.channels, filters: filters,
                rows: rows, columns: columns) : nil
        let gemmInputGradients = needsInputGradients && winogradBackward == nil && tapwise == nil
        // The Winograd dL/dx writes every value; the other paths add into zeros.
        var inputGradient =
            winogradBackward != nil
            ? Tensor(shape: input.shape) { _ in }
            : Tensor(shape: needsInputGradients ? input.shape : [0, 0, 0, 0])
        let gemmKernelGradient = kernelSums == nil && tapwise == nil
        let bandValues = geometry.bandRows * geometry.gridWidth * geometry.patchLength
        let gemmScratch =
            gemmKernelGradient || gemmInputGradients
            ? (patches: workspace.scratch(0, count: bandValues), gradients: workspace.scratch(1, count: bandValues)) : nil
        if useBias { TrainingProducts.addBiasGradient(dz, channels: filters, into: &parameterGradients[1]) }
        input.storage.withUnsafeBufferPointer { source in
            dz.storage.withUnsafeBufferPointer { gradient in
                kernel.values.withUnsafeBufferPointer { weights in
                    parameterGradients[0].withUnsafeMutableBufferPointer { kernelGradient in
                        kernelSums?.accumulate(
                            input: source.baseAddress!, inputStride: input.sampleSize, height: input.height,
                            width: input.width, outputGradient: gradient.baseAddress!, gradientStride: pixels * filters,
                            count: input.count, rows: rows, columns: columns, workspace: workspace)
                        inputGradient.storage.withUnsafeMutableBufferPointer { inputBuffer in
                            for sample in 0..<input.count {
                                let x = source.baseAddress! + sample * input.sampleSize
                                let g = gradient.baseAddress! + sample * pixels * filters
                                // An empty buffer may still have a base address: dL/dx only when asked for.
                                let dx = needsInputGradients ? inputBuffer.baseAddress.map { $0 + sample * input.sampleSize } : nil
                                if let winogradBackward, let dx {
                                    WinogradConvolution(
                                        input: g, height: geometry.gridHeight, width: geometry.gridWidth,
                                        output: dx, rows: rows, columns: columns, kernel: winogradBackward,
                                        bias: nil, activation: .linear
                                    )
                                    .run(outputRows: 0..<input.height, workspace: workspace)
                                }
                                tapwise?.accumulate(
                                    input: x, outputGradient: g, kernel: weights.baseAddress!,
                                    kernelGradient: kernelGradient.baseAddress!, inputGradient: dx)
                                guard let gemmScratch else { continue }
                                geometry.forEachBand { first, count in
                                    let bandPixels = count * geometry.gridWidth
                                    let gBand = g + first * geometry.gridWidth * filters
                                    if gemmKernelGradient {
                                        geometry.gather(from: x, firstRow: first, rowCount: count, into: gemmScratch.patches)
                                        TrainingProducts.multiply(
                                            m: geometry.patchLength, n: filters, k: bandPixels,
                                            a: gemmScratch.patches, lda: geometry.patchLength, transposeA: true,
                                            b: gBand, ldb: filters, transposeB: false,
                                            c: kernelGradient.baseAddress!, ldc: filters, accumulate: true)
                                    }
                                    guard gemmInputGradients, let dx else { return }
                                    TrainingProducts.multiply(
                                        m: bandPixels, n: geometry.patchLength, k: filters,
                                        a: gBand, lda: filters, transposeA: false,
                                        b: weights.baseAddress!, ldb: filters, transposeB: true,
                                        c: gemmScratch.gradients, ldc: geometry.patchLength, accumulate: false)
                                    geometry.scatterAdd(gemmScratch.gradients, firstRow: first, rowCount: count, into: dx)
                                }
                            }
                        }
                        kernelSums?.addKernelGradient(to: kernelGradient.baseAddress!)
                    }
                }
            }
        }
        return needsInputGradients ? [inputGradient] : []
    }
}
