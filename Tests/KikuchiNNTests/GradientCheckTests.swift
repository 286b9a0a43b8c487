import KikuchiNN
import XCTest

/// Every layer kind's backward pass against finite differences, on small shapes that reach the
/// edge cases: Keras' asymmetric `same` padding (even kernels, strides that do not divide the
/// size), single filters and 1x1 kernels, partial pooling windows, every activation.
final class GradientCheckTests: XCTestCase {
    private let checker = GradientChecker()

    private func input(_ shape: [Int], seed: UInt64 = 1) -> Tensor {
        Tensor(shape: shape, storage: GradientChecker.randomValues(shape.reduce(1, *), seed: seed))
    }

    /// Inputs at least 0.1 from zero, so that a step of 0.01 never crosses a kink at 0.
    private func awayFromZero(_ shape: [Int], seed: UInt64 = 2) -> Tensor {
        var tensor = input(shape, seed: seed)
        for index in tensor.storage.indices where abs(tensor.storage[index]) < 0.1 {
            tensor.storage[index] = tensor.storage[index] < 0 ? -0.1 - tensor.storage[index] : 0.1 + tensor.storage[index]
        }
        return tensor
    }

    func testConv2DGeometries() throws {
        let cases: [(String, (Int, Int), (Int, Int), PaddingMode, Int, [Int])] = [
            ("valid3", (3, 3), (1, 1), .valid, 2, [2, 5, 6, 2]),
            ("same_even_stride2", (4, 2), (2, 2), .same, 3, [1, 7, 6, 2]),
            ("same_odd_stride3", (3, 3), (3, 2), .same, 2, [1, 8, 7, 1]),
            ("pointwise", (1, 1), (1, 1), .same, 3, [2, 3, 4, 2]),
            ("single_filter", (3, 3), (1, 1), .same, 1, [1, 5, 5, 3]),
            ("valid_stride2", (2, 3), (2, 1), .valid, 2, [1, 6, 7, 2]),
            // Stride 1 with few filters goes tap by tap; an even kernel pads unevenly.
            ("same_even_stride1", (4, 2), (1, 1), .same, 3, [2, 6, 5, 4]),
            ("single_filter_valid", (2, 3), (1, 1), .valid, 1, [2, 5, 6, 3])
        ]
        for (name, kernel, strides, padding, filters, shape) in cases {
            let layer = Conv2D(name: name, filters: filters, kernelSize: kernel, strides: strides, padding: padding, activation: .tanh)
            try checker.check(layer, inputs: [input(shape)])
        }
        let noBias = Conv2D(name: "no_bias", filters: 2, kernelSize: (3, 3), padding: .same, activation: .sigmoid, useBias: false)
        try checker.check(noBias, inputs: [input([1, 4, 4, 2])])
    }

    /// Winograd's z, dL/dK and dL/dx (by the flipped kernel), forced on small shapes (3x3 by
    /// F(6x6, 3x3), 5x5 by F(4x4, 5x5), sizes that leave partial tiles); and on 16 channels, by
    /// Winograd (`.winograd`; `.automatic` takes it from 64 channels), the gradients equal im2col's within float rounding
    /// (`valid` padding: dL/dx by GEMM beside a Winograd dL/dK).
    func testConv2DByWinograd() throws {
        for (kernel, shape) in [((3, 3), [2, 9, 8, 3]), ((5, 5), [1, 7, 10, 2])] {
            let layer = Conv2D(name: "winograd\(kernel.0)", filters: 2, kernelSize: kernel, padding: .same, activation: .tanh)
            layer.algorithm = .winograd
            try checker.check(layer, inputs: [input(shape)])
        }
        for (kernel, padding) in [((5, 5), PaddingMode.same), ((3, 3), .same), ((3, 3), .valid)] {
            let x = input([2, 13, 11, 16], seed: 5)
            var gradients: [[Float]] = []
            for algorithm in [ConvolutionAlgorithm.winograd, .im2col] {
                let layer = Conv2D(name: "wide", filters: 24, kernelSize: kernel, padding: padding, activation: .relu)
                layer.algorithm = algorithm
                _ = try layer.build(inputs: [x.featureShape])
                layer.parameters[0].values = GradientChecker.randomValues(layer.parameters[0].values.count, seed: 8, scale: 0.2)
                layer.parameters[1].values = GradientChecker.randomValues(24, seed: 9, scale: 0.2)
                let workspace = Workspace()
                let record = layer.trainingForward([x], context: TrainingContext(training: true), workspace: workspace)
                let upstream = Tensor(shape: record.output.shape, storage: GradientChecker.randomValues(record.output.storage.count, seed: 10))
                var parameterGradients = layer.parameters.map { [Float](repeating: 0, count: $0.values.count) }
                let dx = layer.backward(
                    upstream, inputs: [x], record: record, parameterGradients: &parameterGradients,
                    needsInputGradients: true, workspace: workspace)
                gradients.append(record.output.storage + dx[0].storage + parameterGradients[0] + parameterGradients[1])
            }
            let scale = gradients[1].map { abs($0) }.max()!
            let worst = zip(gradients[0], gradients[1]).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst / scale, 1e-4, "Winograd vs im2col in training, \(kernel) \(padding)")
            XCTAssertGreaterThan(worst, 0, "the first pass should have gone by Winograd, \(kernel) \(padding)")
        }
    }

    func testConv2DTransposeGeometries() throws {
        let cases: [(String, (Int, Int), (Int, Int), PaddingMode, (Int, Int)?, [Int])] = [
            ("same3_stride2", (3, 3), (2, 2), .same, nil, [1, 3, 4, 2]),
            ("valid2_stride2", (2, 2), (2, 2), .valid, nil, [2, 3, 3, 2]),
            ("pointwise_stride2", (1, 1), (2, 2), .same, nil, [1, 3, 3, 3]),
            ("same4_stride2", (4, 4), (2, 2), .same, nil, [1, 3, 2, 1]),
            ("valid3_stride1", (3, 2), (1, 1), .valid, nil, [1, 3, 3, 2]),
            ("output_padding", (3, 3), (2, 2), .same, (1, 0), [1, 3, 3, 1])
        ]
        for (name, kernel, strides, padding, outputPadding, shape) in cases {
            let layer = Conv2DTranspose(
                name: name, filters: 2, kernelSize: kernel, strides: strides, padding: padding,
                outputPadding: outputPadding, activation: .sigmoid)
            try checker.check(layer, inputs: [input(shape)])
        }
    }

    func testEveryActivationInsideAConvolution() throws {
        let activations: [Activation] = [.linear, .relu, .sigmoid, .tanh, .leakyReLU(slope: 0.2), .elu(alpha: 1), .swish]
        for activation in activations {
            // A 1x1 kernel of weight 1 and no bias makes z = x, so the kinks stay away from the steps.
            let layer = Conv2D(name: "conv_\(activation.kerasName)", filters: 1, kernelSize: (1, 1), activation: activation, useBias: false)
            _ = try layer.build(inputs: [FeatureShape(height: 3, width: 3, channels: 1)])
            let x = awayFromZero([1, 3, 3, 1])
            let record = layer.trainingForward([x], context: .inference, workspace: Workspace())
            XCTAssertEqual(record.output.shape, x.shape)
            try checker.check(ActivationLayer(name: "act_\(activation.kerasName)", activation: activation), inputs: [awayFromZero([2, 3, 3, 2])])
        }
        try checker.check(LeakyReLU(name: "leaky", slope: 0.3), inputs: [awayFromZero([1, 4, 4, 2])])
        try checker.check(ReLU(name: "relu_capped", maxValue: 0.6, negativeSlope: 0.1, threshold: 0.05), inputs: [awayFromZero([1, 4, 4, 2])])
    }

    func testPooling() throws {
        let windows: [(String, PoolingWindow, [Int])] = [
            ("valid2", PoolingWindow(size: (2, 2)), [2, 4, 6, 2]),
            ("same2_odd", PoolingWindow(size: (2, 2), padding: .same), [1, 5, 7, 2]),
            ("same3_stride2_overlap", PoolingWindow(size: (3, 3), strides: (2, 2), padding: .same), [1, 5, 6, 1]),
            ("valid3_stride1", PoolingWindow(size: (3, 2), strides: (1, 1)), [1, 4, 4, 2])
        ]
        for (name, window, shape) in windows {
            let distinct = Tensor(shape: shape, storage: GradientChecker.distinctValues(shape.reduce(1, *), seed: 3))
            try checker.check(MaxPooling2D(name: "max_" + name, window: window), inputs: [distinct])
            try checker.check(AveragePooling2D(name: "average_" + name, window: window), inputs: [input(shape)])
        }
    }

    func testMaxPoolingSendsATieToTheFirstMaximum() throws {
        let layer = MaxPooling2D(name: "ties", window: PoolingWindow(size: (2, 2)))
        _ = try layer.build(inputs: [FeatureShape(height: 2, width: 2, channels: 1)])
        let x = Tensor(shape: [1, 2, 2, 1], storage: [0.5, 1, 1, 1])
        var none: [[Float]] = []
        let record = layer.trainingForward([x], context: checker.context, workspace: Workspace())
        let dx = layer.backward(
            Tensor(shape: [1, 1, 1, 1], storage: [3]), inputs: [x], record: record,
            parameterGradients: &none, needsInputGradients: true, workspace: Workspace())
        XCTAssertEqual(dx[0].storage, [0, 3, 0, 0])
    }

    /// Windows that tile the input take the vectorised path (16 channels at a time, then the
    /// rest): on 19 channels of values with many ties, forward and backward equal a direct
    /// reading of the rule (the first maximum in row-major window order takes the gradient).
    /// Every window here starts at cell 0 (`same` on odd sizes pads after only).
    func testDisjointMaxPoolingOnManyChannels() throws {
        for (window, shape) in [
            (PoolingWindow(size: (2, 2)), [2, 5, 7, 19]),
            (PoolingWindow(size: (2, 2), padding: .same), [1, 5, 7, 19]),
            (PoolingWindow(size: (3, 2)), [1, 7, 5, 35])
        ] {
            let layer = MaxPooling2D(name: "many", window: window)
            let built = try layer.build(inputs: [FeatureShape(height: shape[1], width: shape[2], channels: shape[3])])
            let output = (height: try XCTUnwrap(built.height), width: try XCTUnwrap(built.width))
            // Four levels from a linear congruential sequence: ties in most windows.
            let x = Tensor(shape: shape, storage: (0..<shape.reduce(1, *)).map { Float((($0 &* 1_103_515_245 &+ 12_345) >> 16) & 3) })
            let g = Tensor(
                shape: [shape[0], output.height, output.width, shape[3]],
                storage: (0..<shape[0] * output.height * output.width * shape[3]).map { Float($0 % 13) + 1 })
            var expectedY = Tensor(shape: g.shape), expectedDx = Tensor(shape: shape)
            for n in 0..<shape[0] {
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        for c in 0..<shape[3] {
                            var best: (Int, Int)? = nil
                            for y in oy * window.strides.rows..<min(oy * window.strides.rows + window.size.rows, shape[1]) {
                                for x0 in ox * window.strides.columns..<min(ox * window.strides.columns + window.size.columns, shape[2]) {
                                    if best == nil || x[n, y, x0, c] > x[n, best!.0, best!.1, c] { best = (y, x0) }
                                }
                            }
                            expectedY[n, oy, ox, c] = x[n, best!.0, best!.1, c]
                            expectedDx[n, best!.0, best!.1, c] += g[n, oy, ox, c]
                        }
                    }
                }
            }
            var none: [[Float]] = []
            let record = layer.trainingForward([x], context: checker.context, workspace: Workspace())
            XCTAssertEqual(record.output, expectedY)
            let dx = layer.backward(
                g, inputs: [x], record: record, parameterGradients: &none, needsInputGradients: true,
                workspace: Workspace())
            XCTAssertEqual(dx[0], expectedDx)
        }
    }

    func testUpSampling() throws {
        for interpolation in [UpSampling2D.Interpolation.nearest, .bilinear] {
            for size in [(2, 2), (3, 2)] {
                try checker.check(
                    UpSampling2D(name: "up_\(interpolation)_\(size.0)", size: size, interpolation: interpolation),
                    inputs: [input([2, 3, 4, 2])])
            }
        }
    }

    func testBatchNormalizationInTrainingAndInference() throws {
        try checker.check(BatchNormalization(name: "bn_train", epsilon: 0.001), inputs: [input([3, 3, 2, 2])])
        try checker.check(BatchNormalization(name: "bn_no_affine", center: false, scale: false), inputs: [input([2, 3, 3, 1])])
        var inference = checker
        inference.context = .inference
        let layer = BatchNormalization(name: "bn_inference")
        try inference.check(layer, inputs: [input([2, 3, 3, 2])])
    }

    func testBatchNormalizationMovingStatisticsFollowKeras() throws {
        let layer = BatchNormalization(name: "bn", epsilon: 0.001, momentum: 0.99)
        _ = try layer.build(inputs: [FeatureShape(height: 1, width: 2, channels: 1)])
        let x = Tensor(shape: [2, 1, 2, 1], storage: [1, 2, 3, 6])
        let record = layer.trainingForward([x], context: TrainingContext(training: true, updatesStatistics: true), workspace: Workspace())
        // Batch mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5.
        XCTAssertEqual(layer.movingMean.values[0], 0.99 * 0 + 0.01 * 3, accuracy: 1e-7)
        XCTAssertEqual(layer.movingVariance.values[0], 0.99 * 1 + 0.01 * 3.5, accuracy: 1e-6)
        XCTAssertEqual(record.output.storage[3], 3 / (3.5 + 0.001).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(layer.trainableParameterIndices, [0, 1])
        XCTAssertTrue(layer.mixesSamples)
    }

    func testDropoutIsInvertedAndItsGradientFollowsTheMask() throws {
        try checker.check(Dropout(name: "dropout", rate: 0.3), inputs: [input([2, 3, 3, 2])])
        let layer = Dropout(name: "dropout_large", rate: 0.25)
        let x = Tensor(shape: [4, 32, 32, 1], repeating: 1)
        let output = layer.trainingForward([x], context: checker.context, workspace: Workspace()).output
        let zeros = output.storage.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / Double(x.storage.count), 0.25, accuracy: 0.03)
        XCTAssertTrue(output.storage.allSatisfy { $0 == 0 || abs($0 - 1 / 0.75) < 1e-6 })
        XCTAssertEqual(layer.trainingForward([x], context: .inference, workspace: Workspace()).output, x)
        // A sample's mask depends on its place in the batch, not on the tensor it travels in.
        var second = checker.context
        second.firstSample = 1
        let alone = layer.trainingForward([x.samples(1..<2)], context: second, workspace: Workspace()).output
        XCTAssertEqual(alone, output.samples(1..<2))
    }

    func testStructuralLayers() throws {
        try checker.check(Add(name: "add"), inputs: [input([1, 3, 3, 2], seed: 1), input([1, 3, 3, 2], seed: 2), input([1, 3, 3, 2], seed: 3)])
        for axis in 1...3 {
            try checker.check(Concatenate(name: "concatenate_\(axis)", axis: axis), inputs: [input([2, 3, 3, 2], seed: 4), input([2, 3, 3, 2], seed: 5)])
        }
        try checker.check(Cropping2D(name: "crop", top: 1, bottom: 0, left: 2, right: 1), inputs: [input([2, 4, 5, 2])])
        try checker.check(ZeroPadding2D(name: "pad", top: 0, bottom: 2, left: 1, right: 1), inputs: [input([2, 3, 3, 2])])
        try checker.check(Dropout(name: "dropout_none", rate: 0), inputs: [input([1, 2, 2, 1])])
    }

    /// A functional graph with fan-out (one output feeding three layers), Add, Concatenate,
    /// pooling and upsampling, under both losses: the model's backward pass sums the branches.
    func testFunctionalGraphWithFanOut() throws {
        let layers: [Layer] = [
            InputLayer(name: "input", shape: FeatureShape(height: 6, width: 6, channels: 1)),
            Conv2D(name: "stem", filters: 2, kernelSize: (3, 3), padding: .same, activation: .tanh),
            Conv2D(name: "branch", filters: 2, kernelSize: (3, 3), padding: .same, activation: .swish),
            MaxPooling2D(name: "pool", window: PoolingWindow(size: (2, 2))),
            UpSampling2D(name: "up", size: (2, 2), interpolation: .bilinear),
            Add(name: "add"),
            Concatenate(name: "join"),
            BatchNormalization(name: "bn"),
            Conv2DTranspose(name: "mix", filters: 2, kernelSize: (3, 3), strides: (1, 1), padding: .same, activation: .elu(alpha: 1)),
            Conv2D(name: "out", filters: 1, kernelSize: (3, 3), padding: .same, activation: .sigmoid)
        ]
        let inbound = [[], [0], [1], [1], [3], [2, 4, 1], [5, 1], [6], [7], [8]]
        let model = try Model(name: "graph", kind: .functional, layers: layers, inbound: inbound, outputIndex: 9)
        for (index, layer) in model.layers.enumerated() where index > 0 {
            for parameter in layer.parameters where parameter.name == "kernel" || parameter.name == "bias" {
                parameter.values = GradientChecker.randomValues(parameter.values.count, seed: UInt64(index), scale: 0.5)
            }
        }
        let x = Tensor(shape: [2, 6, 6, 1], storage: GradientChecker.randomValues(72, seed: 11))
        let target = Tensor(shape: [2, 6, 6, 1], storage: GradientChecker.randomValues(72, seed: 12).map { ($0 + 1) / 2 })
        var check = checker
        check.step = 3e-3
        check.check(model, input: x, target: target, loss: .mse)
        // |y - t| has a kink at y = t: the MAE check uses targets 0.2 away from the outputs.
        let output = model.trainingOutput(x, context: check.context, workspace: Workspace())
        let offset = GradientChecker.randomValues(72, seed: 13)
        let farTarget = Tensor(shape: output.shape, storage: zip(output.storage, offset).map { $0 + ($1 < 0 ? -0.2 : 0.2) })
        check.check(model, input: x, target: farTarget, loss: .mae)
    }
}
