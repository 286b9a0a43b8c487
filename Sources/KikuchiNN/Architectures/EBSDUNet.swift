import KikuchiCore

/// kikuchi's own denoising network (`--architecture ebsd-unet`): a U-Net whose receptive field
/// covers most of a 236 x 236 pattern, where the published autoencoder sees about 26 pixels.
///
/// A Kikuchi band is a long straight line of slightly raised intensity. At a few counts per
/// pixel no window of 26 pixels shows it; a network that integrates along a band, as the Hough
/// transform does, can. Layout, all convolutions `same` with ReLU:
///
///     ZeroPadding2D to a multiple of 16 (236 -> 240)
///     4 levels down: Conv2D F 3x3, Conv2D F 3x3 (kept for the skip), MaxPool 2; F = 16, 32, 64, 128
///     bottom: Conv2D 256 3x3 twice (15 x 15 for a 236 input)
///     4 levels up: Conv2DTranspose F 2x2 stride 2, Concatenate with the skip, Conv2D F 3x3 twice
///     Conv2D 1 1x1 sigmoid, Cropping2D back to the input size
///
/// 1,940,817 parameters; 5.3 GFLOP per 236 x 236 pattern, a quarter of the published model's 20.9.
public enum EBSDUNet {
    /// The name `--architecture` gives it.
    public static let architectureName = "ebsd-unet"
    /// Its input side, in pixels.
    public static let inputSize = 236
    /// Pooling levels; the padded input side must be a multiple of 2^levels.
    public static let levels = 4
    /// Filters of the first level, doubled at each level down.
    public static let baseFilters = 16

    /// The zero padding (before, after) that brings `side` to a multiple of 2^levels.
    public static func padding(forSide side: Int) -> (before: Int, after: Int) {
        let multiple = 1 << levels
        let total = (multiple - side % multiple) % multiple
        return (total / 2, total - total / 2)
    }

    /// The name of the same network for `--method nlpar-network` and `regions-network`:
    /// `neighbourInputChannels` in and a linear output, the standardised clean pattern.
    public static let neighbourArchitectureName = "neighbour-unet"

    /// The input channels of a neighbour network: a pattern's 3 x 3 map neighbourhood and the
    /// averaging's output of it (`NeighbourStack` lays them out).
    public static let neighbourInputChannels = 10

    /// The name of the neighbour network that returns the averaging's pattern plus a correction:
    /// the U-Net's output is added to a 1 x 1 convolution of the input (`make(residual:)`).
    public static let residualNeighbourArchitectureName = "neighbour-unet-residual"

    /// The input channel of a neighbour network that holds the averaging's output.
    public static let averagingChannel = 9

    /// A new model with zero weights and Keras' default layer names, for `inputSize` x
    /// `inputSize` patterns (and any other side with the same padding) of `inputChannels`
    /// channels, its last layer with `outputActivation`.
    ///
    /// With `residual`, the output is the U-Net's plus a linear 1 x 1 convolution of the input
    /// (Conv2D 1 filter, then Add after the cropping): started on one channel
    /// (`residualNeighbourNetwork`), the network learns a correction to that channel rather than
    /// the whole pattern (residual learning, Zhang et al. 2017, DnCNN).
    public static func make(
        inputSize: Int = inputSize, inputChannels: Int = 1, outputActivation: Activation = .sigmoid, residual: Bool = false
    ) throws -> Model {
        var graph = ModelGraphBuilder(inputShape: FeatureShape(height: inputSize, width: inputSize, channels: inputChannels))
        let pad = padding(forSide: inputSize)
        func convolution(_ filters: Int, _ source: Int) -> Int {
            graph.add(Conv2D(name: graph.name("conv2d"), filters: filters, kernelSize: (3, 3), padding: .same, activation: .relu), source)
        }
        var x = graph.add(
            ZeroPadding2D(
                name: graph.name("zero_padding2d"), top: pad.before, bottom: pad.after,
                left: pad.before, right: pad.after), graph.input)
        var skips: [Int] = []
        var filters = baseFilters
        for _ in 0..<levels {
            x = convolution(filters, convolution(filters, x))
            skips.append(x)
            x = graph.add(MaxPooling2D(name: graph.name("max_pooling2d"), window: PoolingWindow(size: (2, 2))), x)
            filters *= 2
        }
        x = convolution(filters, convolution(filters, x))
        for skip in skips.reversed() {
            filters /= 2
            x = graph.add(
                Conv2DTranspose(
                    name: graph.name("conv2d_transpose"), filters: filters, kernelSize: (2, 2),
                    strides: (2, 2), padding: .same, activation: .relu), x)
            x = graph.add(Concatenate(name: graph.name("concatenate")), x, skip)
            x = convolution(filters, convolution(filters, x))
        }
        x = graph.add(Conv2D(name: graph.name("conv2d"), filters: 1, kernelSize: (1, 1), padding: .same, activation: outputActivation), x)
        x = graph.add(Cropping2D(name: graph.name("cropping2d"), top: pad.before, bottom: pad.after, left: pad.before, right: pad.after), x)
        if residual {
            let passed = graph.add(Conv2D(name: graph.name("conv2d"), filters: 1, kernelSize: (1, 1), padding: .same, activation: .linear), graph.input)
            graph.add(Add(name: graph.name("add")), x, passed)
        }
        return try graph.model(name: "ebsd_unet")
    }

    /// A residual neighbour network (`residualNeighbourArchitectureName`) that starts as the
    /// averaging: its U-Net layers take `plain`'s weights (a `neighbourArchitectureName` model),
    /// except the last convolution, which starts at zero, and the 1 x 1 convolution of the input
    /// passes channel `averagingChannel` through. Its output is then the averaging's pattern
    /// exactly, and training moves it only as far as the correction helps.
    public static func residualNeighbourNetwork(startingFrom plain: Model) throws -> Model {
        let width = plain.inputShape.width, height = plain.inputShape.height
        guard plain.inputShape.channels == neighbourInputChannels, let side = width, side == height else {
            throw KikuchiError.badInput(
                "", "a residual neighbour network starts from a square \(neighbourArchitectureName) model of \(neighbourInputChannels) channels")
        }
        let model = try make(inputSize: side, inputChannels: neighbourInputChannels, outputActivation: .linear, residual: true)
        let convolutions = model.layers.compactMap { $0 as? Conv2D }
        let passed = convolutions[convolutions.count - 1], last = convolutions[convolutions.count - 2]
        for (index, layer) in model.layers.enumerated() where !layer.parameters.isEmpty && layer !== passed {
            guard let source = plain.layer(named: layer.name), source.className == layer.className else {
                throw KikuchiError.badInput("", "the model has no layer '\(layer.name)' (\(layer.className)) of \(neighbourArchitectureName)")
            }
            try model.setWeights(of: index, source.parameters.map { ($0.shape, $0.values) }, source: plain.name)
        }
        last.kernel.values = [Float](repeating: 0, count: last.kernel.values.count)
        last.bias?.values = [0]
        var selection = [Float](repeating: 0, count: neighbourInputChannels)
        selection[averagingChannel] = 1
        passed.kernel.values = selection
        passed.bias?.values = [0]
        return model
    }
}
