import Foundation

/// A transposed 2-D convolution (Keras `Conv2DTranspose`): GEMM + col2im.
///
/// Each input pixel i (per axis) scatters its contribution to outputs o = i * s + a - P for every
/// kernel tap a, y[o, f] += sum over c of kernel[a, f, c] * x[i, c], dropping what falls outside.
/// With TensorFlow's placement, P is the `same` padding of the forward convolution from the output
/// back to the input: P = floor(max((in - 1) * s + k - out, 0) / 2), which is floor(max(k - s, 0) / 2)
/// when out = in * s, and 0 for `valid`. The products of a band of input pixels with every tap
/// come from one `sgemm` (pixels x in) x (in x kh*kw*filters), the kernel (kh, kw, filters, in)
/// being used transposed; col2im then adds them into place, and bias and activation follow.
public final class Conv2DTranspose: Layer {
    public let name: String
    public var className: String { "Conv2DTranspose" }
    public let filters: Int
    public let kernelSize: (rows: Int, columns: Int)
    public let strides: (rows: Int, columns: Int)
    public let padding: PaddingMode
    /// Keras' `output_padding`; nil lets the output size follow from the padding mode.
    public let outputPadding: (rows: Int, columns: Int)?
    public let activation: Activation
    public let useBias: Bool
    /// (kh, kw, filters, in).
    public private(set) var kernel = LayerParameter(name: "kernel", shape: [0])
    public private(set) var bias: LayerParameter?
    public var parameters: [LayerParameter] { [kernel] + (bias.map { [$0] } ?? []) }

    public init(
        name: String, filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1),
        padding: PaddingMode = .valid, outputPadding: (Int, Int)? = nil,
        activation: Activation = .linear, useBias: Bool = true
    ) {
        self.name = name
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.outputPadding = outputPadding
        self.activation = activation
        self.useBias = useBias
    }

    public convenience init(config: KerasLayerConfig) throws {
        try config.requireChannelsLast()
        try config.requireNoDilation()
        self.init(
            name: config.name, filters: try config.int("filters"), kernelSize: try config.pair("kernel_size"),
            strides: try config.pair("strides", default: (1, 1)), padding: try config.padding(),
            outputPadding: config.has("output_padding") ? try config.pair("output_padding") : nil,
            activation: try config.activation(), useBias: try config.bool("use_bias", default: true))
        guard filters > 0, kernelSize.rows > 0, kernelSize.columns > 0, strides.rows > 0, strides.columns > 0 else {
            throw config.problem("filters, kernel_size and strides must be positive")
        }
    }

    /// Keras' `deconv_output_length` along one axis.
    func outputLength(_ input: Int, kernel: Int, stride: Int, outputPadding: Int?) -> Int {
        guard let outputPadding else {
            return padding == .valid ? input * stride + max(kernel - stride, 0) : input * stride
        }
        let pad = padding == .same ? kernel / 2 : 0
        return (input - 1) * stride + kernel - 2 * pad + outputPadding
    }

    /// The scatter offset P along one axis (see the type's comment).
    func offset(input: Int, output: Int, kernel: Int, stride: Int) -> Int {
        padding == .valid ? 0 : max((input - 1) * stride + kernel - output, 0) / 2
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        let kernelShape = [kernelSize.rows, kernelSize.columns, filters, input.channels]
        if kernel.shape != kernelShape {
            kernel = LayerParameter(name: "kernel", shape: kernelShape)
            bias = useBias ? LayerParameter(name: "bias", shape: [filters]) : nil
        }
        return FeatureShape(
            height: input.height.map { outputLength($0, kernel: kernelSize.rows, stride: strides.rows, outputPadding: outputPadding?.rows) },
            width: input.width.map { outputLength($0, kernel: kernelSize.columns, stride: strides.columns, outputPadding: outputPadding?.columns) },
            channels: filters)
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [
            "filters": filters, "kernel_size": [kernelSize.rows, kernelSize.columns],
            "strides": [strides.rows, strides.columns], "padding": padding.rawValue,
            "output_padding": outputPadding.map { [$0.rows, $0.columns] as Any } ?? NSNull(),
            "data_format": "channels_last", "dilation_rate": [1, 1],
            "activation": activation.kerasName, "use_bias": useBias
        ]
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        let outputHeight = outputLength(input.height, kernel: kernelSize.rows, stride: strides.rows, outputPadding: outputPadding?.rows)
        let outputWidth = outputLength(input.width, kernel: kernelSize.columns, stride: strides.columns, outputPadding: outputPadding?.columns)
        var result = Tensor(shape: [input.count, outputHeight, outputWidth, filters])
        let top = offset(input: input.height, output: outputHeight, kernel: kernelSize.rows, stride: strides.rows)
        let left = offset(input: input.width, output: outputWidth, kernel: kernelSize.columns, stride: strides.columns)
        let outputSize = outputHeight * outputWidth * filters
        if kernelSize == (1, 1) {
            return forwardPointwise(input, outputHeight: outputHeight, outputWidth: outputWidth, top: top, left: left)
        }
        let tapsLength = kernelSize.rows * kernelSize.columns * filters
        let bandRows = max(1, min(input.height, Workspace.tileElements / max(input.width * tapsLength, 1)))
        let columns = workspace.scratch(0, count: bandRows * input.width * tapsLength)
        let biasValues = bias?.values ?? []
        input.storage.withUnsafeBufferPointer { source in
            kernel.values.withUnsafeBufferPointer { weights in
                result.storage.withUnsafeMutableBufferPointer { destination in
                    for sample in 0..<input.count {
                        let x = source.baseAddress! + sample * input.sampleSize
                        let y = destination.baseAddress! + sample * outputSize
                        var firstRow = 0
                        while firstRow < input.height {
                            let bandCount = min(bandRows, input.height - firstRow)
                            GEMM.multiply(
                                m: bandCount * input.width, n: tapsLength, k: input.channels,
                                a: x + firstRow * input.width * input.channels, lda: input.channels,
                                b: weights.baseAddress!, ldb: input.channels, transposeB: true,
                                c: columns, ldc: tapsLength)
                            for inputRow in firstRow..<firstRow + bandCount {
                                for a in 0..<kernelSize.rows {
                                    let outputRow = inputRow * strides.rows + a - top
                                    guard outputRow >= 0 && outputRow < outputHeight else { continue }
                                    for inputColumn in 0..<input.width {
                                        let products = columns + ((inputRow - firstRow) * input.width + inputColumn) * tapsLength
                                        for b in 0..<kernelSize.columns {
                                            let outputColumn = inputColumn * strides.columns + b - left
                                            guard outputColumn >= 0 && outputColumn < outputWidth else { continue }
                                            GEMM.add(
                                                products + (a * kernelSize.columns + b) * filters,
                                                to: y + (outputRow * outputWidth + outputColumn) * filters, count: filters)
                                        }
                                    }
                                }
                            }
                            firstRow += bandCount
                        }
                        biasValues.withUnsafeBufferPointer { biasBuffer in
                            activation.applyWithBias(
                                y, rows: outputHeight * outputWidth, channels: filters,
                                bias: useBias ? biasBuffer.baseAddress : nil)
                        }
                    }
                }
            }
        }
        return result
    }

    /// A 1x1 kernel: input pixel (i, j) lands on output pixel (i * sy - top, j * sx - left) alone,
    /// and every other output pixel is act(bias). One GEMM per input row writes its products
    /// straight into the output row, pixels sx apart (ldc = sx * filters), and the pixels between
    /// are filled with act(bias): no zeroed output, no scatter.
    private func forwardPointwise(_ input: Tensor, outputHeight: Int, outputWidth: Int, top: Int, left: Int) -> Tensor {
        let biasValues = bias?.values ?? [Float](repeating: 0, count: filters)
        var filler = biasValues
        filler.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: filters) }
        let outputSize = outputHeight * outputWidth * filters
        // Input columns j whose output column j * sx - left lies inside 0 ..< outputWidth.
        let firstColumn = (left + strides.columns - 1) / strides.columns
        let lastColumn = min(input.width, (outputWidth - 1 + left) / strides.columns + 1)
        return Tensor(shape: [input.count, outputHeight, outputWidth, filters]) { output in
            filler.withUnsafeBufferPointer { fill in
                for pixel in 0..<input.count * outputHeight * outputWidth {
                    (output.baseAddress! + pixel * filters).update(from: fill.baseAddress!, count: filters)
                }
            }
            guard lastColumn > firstColumn else { return }
            input.storage.withUnsafeBufferPointer { source in
                kernel.values.withUnsafeBufferPointer { weights in
                    biasValues.withUnsafeBufferPointer { biasBuffer in
                        for sample in 0..<input.count {
                            for row in 0..<input.height {
                                let outputRow = row * strides.rows - top
                                guard outputRow >= 0 && outputRow < outputHeight else { continue }
                                let destination =
                                    output.baseAddress! + sample * outputSize
                                    + (outputRow * outputWidth + firstColumn * strides.columns - left) * filters
                                GEMM.multiply(
                                    m: lastColumn - firstColumn, n: filters, k: input.channels,
                                    a: source.baseAddress! + sample * input.sampleSize + (row * input.width + firstColumn) * input.channels,
                                    lda: input.channels, b: weights.baseAddress!, ldb: input.channels, transposeB: true,
                                    c: destination, ldc: strides.columns * filters)
                                for column in 0..<lastColumn - firstColumn {
                                    activation.applyWithBias(
                                        destination + column * strides.columns * filters, rows: 1,
                                        channels: filters, bias: useBias ? biasBuffer.baseAddress : nil)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
