import Foundation
import KikuchiCore

/// A 2-D convolution (Keras `Conv2D`, cross-correlation, NHWC): Winograd or im2col + GEMM.
///
/// For output pixel (y, x) and filter f: out = act(bias[f] + sum over (a, b, c) of
/// in[y * sy + a - padTop, x * sx + b - padLeft, c] * kernel[a, b, c, f]), cells outside the input
/// being zero. The patches of a band of output rows are gathered into a (pixels x kh*kw*in)
/// matrix in the kernel's own (a, b, c) order, so one `sgemm` with the kernel as a
/// (kh*kw*in x filters) matrix writes the band's NHWC output directly; bias and activation then
/// run on the band while it is in cache. Two shapes skip im2col: a 1x1 stride-1 kernel is a
/// GEMM on the input itself, and a single filter (the autoencoder's output layer) is a sum of
/// matrix-vector products over the kernel taps, since as a GEMM with one column it would be
/// bound by memory. Stride-1 3x3 and 5x5 kernels between enough channels go by Winograd's minimal
/// filtering instead (`WinogradConvolution`: 5.1 and 6.25 times fewer multiplications), with the
/// kernel transformed once per set of weights.
public final class Conv2D: Layer {
    public let name: String
    public var className: String { "Conv2D" }
    public let filters: Int
    public let kernelSize: (rows: Int, columns: Int)
    public let strides: (rows: Int, columns: Int)
    public let padding: PaddingMode
    public let activation: Activation
    public let useBias: Bool
    /// (kh, kw, in, filters).
    public private(set) var kernel = LayerParameter(name: "kernel", shape: [0])
    /// (filters).
    public private(set) var bias: LayerParameter?
    public var parameters: [LayerParameter] { [kernel] + (bias.map { [$0] } ?? []) }
    /// How `forward` computes; `.automatic` unless a caller (a test) forces one path.
    public var algorithm: ConvolutionAlgorithm = .automatic
    /// The kernel in the Winograd domain, made on first use and again when the weights change;
    /// the lock makes the workers of one forward pass wait for a single transformation.
    private var winogradKernel: WinogradKernel?
    /// The flipped, transposed kernel of the backward pass in the Winograd domain (see
    /// `backwardWinogradKernel`), with the kernel revision it was made from.
    private var winogradBackwardKernel: (revision: Int, kernel: WinogradKernel)?
    private let winogradLock = NSLock()

    public init(
        name: String, filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1),
        padding: PaddingMode = .valid, activation: Activation = .linear, useBias: Bool = true
    ) {
        self.name = name
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        self.useBias = useBias
    }

    public convenience init(config: KerasLayerConfig) throws {
        try config.requireChannelsLast()
        try config.requireNoDilation()
        let groups = try config.int("groups", default: 1)
        guard groups == 1 else { throw config.problem("groups \(groups) is not supported (1 only)") }
        self.init(
            name: config.name, filters: try config.int("filters"), kernelSize: try config.pair("kernel_size"),
            strides: try config.pair("strides", default: (1, 1)), padding: try config.padding(),
            activation: try config.activation(), useBias: try config.bool("use_bias", default: true))
        guard filters > 0, kernelSize.rows > 0, kernelSize.columns > 0, strides.rows > 0, strides.columns > 0 else {
            throw config.problem("filters, kernel_size and strides must be positive")
        }
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        let kernelShape = [kernelSize.rows, kernelSize.columns, input.channels, filters]
        if kernel.shape != kernelShape {
            kernel = LayerParameter(name: "kernel", shape: kernelShape)
            bias = useBias ? LayerParameter(name: "bias", shape: [filters]) : nil
        }
        let height = WindowGeometry.outputSize(input.height, kernel: kernelSize.rows, stride: strides.rows, padding: padding)
        let width = WindowGeometry.outputSize(input.width, kernel: kernelSize.columns, stride: strides.columns, padding: padding)
        if height == 0 || width == 0 {
            throw KikuchiError.badInput("", "layer '\(name)' (Conv2D): input \(input) is smaller than the \(kernelSize.rows)x\(kernelSize.columns) kernel")
        }
        return FeatureShape(height: height, width: width, channels: filters)
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [
            "filters": filters, "kernel_size": [kernelSize.rows, kernelSize.columns],
            "strides": [strides.rows, strides.columns], "padding": padding.rawValue,
            "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
            "activation": activation.kerasName, "use_bias": useBias
        ]
    }

    /// The Winograd transform this layer uses for `inChannels` input channels, or nil for im2col.
    /// It needs stride 1, one of the square kernels with a transform (3x3: F(6x6, 3x3); 5x5:
    /// F(4x4, 5x5)) and more than one filter; `.automatic` also wants 64 or more input channels
    /// and filters, below which the per-point GEMMs are too thin to repay the transforms (the
    /// 16- and 32-channel layers of `neighbour-unet` run faster by im2col; the published model's
    /// 3x3 and 5x5 layers have 64 and 128 channels and keep Winograd; docs/performance.md).
    public func winogradTransform(inChannels: Int) -> WinogradTransform? {
        guard algorithm != .im2col, strides.rows == 1, strides.columns == 1, filters > 1 else { return nil }
        let transform: WinogradTransform
        switch (kernelSize.rows, kernelSize.columns) {
        case (3, 3): transform = .f6x3
        case (5, 5): transform = .f4x5
        default: return nil
        }
        if algorithm == .automatic && (inChannels < 64 || filters < 64) { return nil }
        return transform
    }

    /// The current kernel transformed by `transform` (cached while the weights stay the same).
    private func transformedKernel(_ transform: WinogradTransform, inChannels: Int) -> WinogradKernel {
        winogradLock.lock()
        defer { winogradLock.unlock() }
        if let cached = winogradKernel, cached.source === kernel, cached.revision == kernel.revision,
            cached.transform == transform, cached.inChannels == inChannels
        {
            return cached
        }
        let transformed = WinogradKernel(transform: transform, kernel: kernel, inChannels: inChannels, filters: filters)
        winogradKernel = transformed
        return transformed
    }

    /// The kernel of dL/dx in the Winograd domain, or nil where the backward pass goes by GEMM.
    ///
    /// For stride 1 and `same` padding with an odd r x r kernel (padding (r - 1) / 2 on every
    /// side), dL/dx[j] = sum over a of dL/dz[j - a + p] K[a] is itself a `same` convolution of
    /// dL/dz with the kernel flipped in both spatial axes and its channel axes swapped:
    /// K'[a, b, f, c] = K[r-1-a, r-1-b, c, f]. Made again whenever the weights change.
    func backwardWinogradKernel(inChannels: Int) -> WinogradKernel? {
        guard padding == .same, kernelSize.rows % 2 == 1, inChannels > 1,
            let transform = winogradTransform(inChannels: inChannels)
        else { return nil }
        winogradLock.lock()
        defer { winogradLock.unlock() }
        if let cached = winogradBackwardKernel, cached.revision == kernel.revision, cached.kernel.inChannels == filters,
            cached.kernel.filters == inChannels
        {
            return cached.kernel
        }
        let r = kernelSize.rows
        let flipped = [Float](unsafeUninitializedCapacity: kernel.values.count) { out, initialized in
            kernel.values.withUnsafeBufferPointer { k in
                for a in 0..<r {
                    for b in 0..<r {
                        let source = k.baseAddress! + ((r - 1 - a) * r + (r - 1 - b)) * inChannels * filters
                        let destination = out.baseAddress! + (a * r + b) * filters * inChannels
                        for c in 0..<inChannels {
                            for f in 0..<filters { destination[f * inChannels + c] = source[c * filters + f] }
                        }
                    }
                }
            }
            initialized = kernel.values.count
        }
        let parameter = LayerParameter(name: "kernel", shape: [r, r, filters, inChannels], values: flipped)
        let made = WinogradKernel(transform: transform, kernel: parameter, inChannels: filters, filters: inChannels)
        winogradBackwardKernel = (kernel.revision, made)
        return made
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        convolve(inputs[0], activation: activation, workspace: workspace)
    }

    /// act(conv(x) + bias) of every sample; training asks for `.linear` to keep z.
    func convolve(_ input: Tensor, activation: Activation, workspace: Workspace) -> Tensor {
        let (rows, columns) = outputGeometry(height: input.height, width: input.width)
        let outputSize = rows.outputSize * columns.outputSize * filters
        return Tensor(shape: [input.count, rows.outputSize, columns.outputSize, filters]) { output in
            eachSample(of: input, activation: activation, workspace: workspace) { sample, _, convolve in
                convolve(0..<rows.outputSize, output.baseAddress! + sample * outputSize)
            }
        }
    }

    /// Where the windows fall along each axis for an input of height x width.
    func outputGeometry(height: Int, width: Int) -> (rows: WindowGeometry, columns: WindowGeometry) {
        (
            WindowGeometry(inputSize: height, kernel: kernelSize.rows, stride: strides.rows, padding: padding),
            WindowGeometry(inputSize: width, kernel: kernelSize.columns, stride: strides.columns, padding: padding)
        )
    }

    /// Calls `body(sample, rowAlignment, convolve)` for each sample of `input`, where
    /// `convolve(rows, destination)` writes that sample's output rows `rows` (bias and
    /// `activation` applied) to `destination`, which holds the first of them; `rows` must start
    /// at a multiple of `rowAlignment` (the Winograd tile side, else 1).
    func eachSample(
        of input: Tensor, activation: Activation, workspace: Workspace,
        _ body: (Int, Int, (Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> Void
    ) {
        let (rows, columns) = outputGeometry(height: input.height, width: input.width)
        let winograd = winogradTransform(inChannels: input.channels).map { transformedKernel($0, inChannels: input.channels) }
        input.storage.withUnsafeBufferPointer { source in
            kernel.values.withUnsafeBufferPointer { weights in
                let biasValues = bias?.values ?? []
                biasValues.withUnsafeBufferPointer { biasBuffer in
                    let biasPointer = useBias ? biasBuffer.baseAddress : nil
                    for sample in 0..<input.count {
                        let sampleInput = source.baseAddress! + sample * input.sampleSize
                        if let winograd {
                            body(sample, winograd.transform.outputTile) { outputRows, destination in
                                WinogradConvolution(
                                    input: sampleInput, height: input.height, width: input.width,
                                    output: destination, rows: rows, columns: columns, kernel: winograd,
                                    bias: biasPointer, activation: activation
                                )
                                .run(outputRows: outputRows, workspace: workspace)
                            }
                        } else {
                            body(sample, 1) { outputRows, destination in
                                SampleConvolution(
                                    input: sampleInput, height: input.height, width: input.width,
                                    channels: input.channels, output: destination, rows: rows, columns: columns,
                                    filters: filters, kernel: weights.baseAddress!, bias: biasPointer,
                                    activation: activation
                                )
                                .run(outputRows: outputRows, workspace: workspace)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The convolution of one sample by im2col (or its special cases), with the pointers and geometry
/// it needs; `output` holds the first of the output rows a run computes.
private struct SampleConvolution {
    let input: UnsafePointer<Float>
    let height: Int
    let width: Int
    let channels: Int
    let output: UnsafeMutablePointer<Float>
    let rows: WindowGeometry
    let columns: WindowGeometry
    let filters: Int
    let kernel: UnsafePointer<Float>
    let bias: UnsafePointer<Float>?
    let activation: Activation

    /// Output rows `outputRows`.
    func run(outputRows: Range<Int>, workspace: Workspace) {
        if filters == 1 {
            runSingleFilter(outputRows: outputRows)
        } else if rows.kernel == 1 && columns.kernel == 1 && rows.stride == 1 && columns.stride == 1 {
            runPointwise(outputRows: outputRows)
        } else {
            runIm2col(outputRows: outputRows, workspace: workspace)
        }
    }

    /// 1x1 stride 1: the input is already the patch matrix (pixels x channels).
    private func runPointwise(outputRows: Range<Int>) {
        let pixels = outputRows.count * width
        let source = input + outputRows.lowerBound * width * channels
        let band = max(1, Workspace.tileElements / max(filters, 1) / 4)
        var start = 0
        while start < pixels {
            let count = min(band, pixels - start)
            GEMM.multiply(
                m: count, n: filters, k: channels, a: source + start * channels, lda: channels,
                b: kernel, ldb: filters, c: output + start * filters, ldc: filters)
            activation.applyWithBias(output + start * filters, rows: count, channels: filters, bias: bias)
            start += count
        }
    }

    /// im2col by bands of output rows sized to fit one workspace tile.
    private func runIm2col(outputRows: Range<Int>, workspace: Workspace) {
        let patchLength = rows.kernel * columns.kernel * channels
        let outputWidth = columns.outputSize
        let bandRows = max(1, min(outputRows.count, Workspace.tileElements / max(outputWidth * patchLength, 1)))
        let patches = workspace.scratch(0, count: bandRows * outputWidth * patchLength)
        var firstRow = outputRows.lowerBound
        while firstRow < outputRows.upperBound {
            let bandCount = min(bandRows, outputRows.upperBound - firstRow)
            gatherPatches(rows: firstRow..<firstRow + bandCount, into: patches, patchLength: patchLength)
            let pixels = bandCount * outputWidth
            let destination = output + (firstRow - outputRows.lowerBound) * outputWidth * filters
            GEMM.multiply(
                m: pixels, n: filters, k: patchLength, a: patches, lda: patchLength,
                b: kernel, ldb: filters, c: destination, ldc: filters)
            activation.applyWithBias(destination, rows: pixels, channels: filters, bias: bias)
            firstRow += bandCount
        }
    }

    /// Writes the patch of every output pixel in `outputRows`, one row of `patchLength` values
    /// each, in (a, b, c) order; a kernel row that lies inside the input is one contiguous copy.
    private func gatherPatches(rows outputRows: Range<Int>, into patches: UnsafeMutablePointer<Float>, patchLength: Int) {
        let rowLength = columns.kernel * channels
        var patch = patches
        for outputRow in outputRows {
            let top = rows.start(outputRow)
            for outputColumn in 0..<columns.outputSize {
                let left = columns.start(outputColumn)
                let wholeRowInside = left >= 0 && left + columns.kernel <= width
                for a in 0..<rows.kernel {
                    let destination = patch + a * rowLength
                    let inputRow = top + a
                    if inputRow < 0 || inputRow >= height {
                        destination.update(repeating: 0, count: rowLength)
                    } else if wholeRowInside {
                        destination.update(from: input + (inputRow * width + left) * channels, count: rowLength)
                    } else {
                        for b in 0..<columns.kernel {
                            let inputColumn = left + b
                            if inputColumn < 0 || inputColumn >= width {
                                (destination + b * channels).update(repeating: 0, count: channels)
                            } else {
                                (destination + b * channels).update(from: input + (inputRow * width + inputColumn) * channels, count: channels)
                            }
                        }
                    }
                }
                patch += patchLength
            }
        }
    }

    /// One filter: each output row is the bias plus, for every kernel tap (a, b), the product of
    /// the strided input row segment (pixels x channels) with the tap's weight vector.
    private func runSingleFilter(outputRows: Range<Int>) {
        let outputWidth = columns.outputSize
        for outputRow in outputRows {
            let line = output + (outputRow - outputRows.lowerBound) * outputWidth
            line.update(repeating: bias?[0] ?? 0, count: outputWidth)
            for a in 0..<rows.kernel {
                let inputRow = rows.start(outputRow) + a
                guard inputRow >= 0 && inputRow < height else { continue }
                for b in 0..<columns.kernel {
                    // Output columns whose input column left + b lies inside 0 ..< width.
                    let offset = b - columns.padBefore
                    let first = offset >= 0 ? 0 : (-offset + columns.stride - 1) / columns.stride
                    let last = min(outputWidth - 1, (width - 1 - offset) >= 0 ? (width - 1 - offset) / columns.stride : -1)
                    guard last >= first else { continue }
                    let start = input + (inputRow * width + first * columns.stride + offset) * channels
                    GEMM.multiplyAdd(
                        m: last - first + 1, n: channels, a: start, lda: columns.stride * channels,
                        x: kernel + (a * columns.kernel + b) * channels, y: line + first)
                }
            }
            activation.apply(line, count: outputWidth)
        }
    }
}
