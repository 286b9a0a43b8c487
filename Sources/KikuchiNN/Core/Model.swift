import Foundation
import KikuchiCore

/// A network: layers in Keras' order and, for each, the layers whose outputs it takes.
///
/// A Sequential model is the chain of its layers; a Functional one any directed acyclic graph
/// with one input and one output (skip connections through Add and Concatenate). Each layer is
/// called once, so a layer's index also names its output tensor. The forward pass runs the
/// layers in order and frees each intermediate tensor after its last consumer.
public final class Model {
    public enum Kind: String, Sendable {
        case sequential = "Sequential"
        case functional = "Functional"
    }

    public let name: String
    public let kind: Kind
    /// Every layer, the InputLayer first.
    public let layers: [Layer]
    /// For each layer, the indices of the layers it takes its inputs from (none for the input).
    public let inbound: [[Int]]
    /// The index of the layer whose output is the model's output.
    public let outputIndex: Int
    /// Each layer's per-sample output shape, for the model's declared input shape.
    public private(set) var outputShapes: [FeatureShape]
    /// For each layer, the last layer that reads its output (to free it after).
    private let lastUse: [Int]
    /// The Conv2D layers whose only reader is the MaxPooling2D right after them: the forward pass
    /// runs each pair as one (`Conv2D.forward(_:maxPooledBy:workspace:)`), so the convolution's
    /// full output never exists.
    private let pooledConvolutions: Set<Int>

    /// Builds the graph: checks that every layer's inputs come earlier, creates the weights and
    /// works out the shapes.
    public init(name: String, kind: Kind, layers: [Layer], inbound: [[Int]], outputIndex: Int) throws {
        guard let input = layers.first as? InputLayer, inbound.first?.isEmpty == true else {
            throw KikuchiError.badInput("", "the model's first layer is not its input")
        }
        precondition(layers.count == inbound.count, "one inbound list per layer")
        var names = Set<String>()
        for (index, layer) in layers.enumerated() {
            guard names.insert(layer.name).inserted else {
                throw KikuchiError.badInput("", "two layers are named '\(layer.name)'")
            }
            if index > 0 && (layer is InputLayer || inbound[index].isEmpty) {
                throw KikuchiError.badInput("", "layer '\(layer.name)': only one model input is supported")
            }
            for source in inbound[index] where source >= index || source < 0 {
                throw KikuchiError.badInput("", "layer '\(layer.name)' takes an input that is not computed before it")
            }
        }
        self.name = name
        self.kind = kind
        self.layers = layers
        self.inbound = inbound
        self.outputIndex = outputIndex
        var lastUse = Array(0..<layers.count)
        for (index, sources) in inbound.enumerated() { for source in sources { lastUse[source] = index } }
        lastUse[outputIndex] = layers.count
        self.lastUse = lastUse
        pooledConvolutions = Set(
            layers.indices.filter { index in
                index + 1 < layers.count && layers[index] is Conv2D && layers[index + 1] is MaxPooling2D
                    && inbound[index + 1] == [index] && lastUse[index] == index + 1
            })
        outputShapes = []
        outputShapes = try shapes(for: input.shape)
    }

    /// The chain of `layers` after an input of `inputShape`.
    public convenience init(
        sequentialNamed name: String, inputShape: FeatureShape, inputName: String = "input_layer",
        layers: [Layer]
    ) throws {
        let all: [Layer] = [InputLayer(name: inputName, shape: inputShape)] + layers
        try self.init(
            name: name, kind: .sequential, layers: all, inbound: [[]] + (0..<layers.count).map { [$0] },
            outputIndex: layers.count)
    }

    /// The input layer.
    public var inputLayer: InputLayer { layers[0] as! InputLayer }
    /// The per-sample input shape the model declares (height and width may be unknown).
    public var inputShape: FeatureShape { inputLayer.shape }
    /// The per-sample output shape for the declared input.
    public var outputShape: FeatureShape { outputShapes[outputIndex] }
    /// All weights, as Keras counts them.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Each layer's output shape for an input of `input`, checking every layer on the way.
    public func shapes(for input: FeatureShape) throws -> [FeatureShape] {
        var shapes: [FeatureShape] = []
        for (index, layer) in layers.enumerated() {
            shapes.append(index == 0 ? input : try layer.build(inputs: inbound[index].map { shapes[$0] }))
        }
        return shapes
    }

    /// Checks that samples of `input` fit the model's input and returns the output shape.
    public func outputShape(for input: FeatureShape) throws -> FeatureShape {
        let declared = inputShape
        guard input.channels == declared.channels,
            declared.height == nil || declared.height == input.height,
            declared.width == nil || declared.width == input.width
        else {
            throw KikuchiError.badInput("", "input of shape \(input) does not fit the model's input \(declared)")
        }
        if declared.height != nil && declared.width != nil { return outputShape }
        return try shapes(for: input)[outputIndex]
    }

    // MARK: - Forward pass

    /// The output for `input` on the calling thread (OpenBLAS may use its own threads).
    public func forward(_ input: Tensor, workspace: Workspace = Workspace()) throws -> Tensor {
        _ = try outputShape(for: input.featureShape)
        return run(input, workspace: workspace)
    }

    /// The forward pass of a checked input; `observe(layer, inputs, seconds)`, when given, hears
    /// of every layer computed (a convolution fused with its pooling counts as the convolution).
    func run(_ input: Tensor, workspace: Workspace, observe: ((Int, [Tensor], Double) -> Void)? = nil) -> Tensor {
        var outputs = [Tensor?](repeating: nil, count: layers.count)
        outputs[0] = input
        var index = 1
        while index < layers.count {
            let arguments = inbound[index].map { outputs[$0]! }
            let started = observe == nil ? 0 : DispatchTime.now().uptimeNanoseconds
            var computed = index
            if pooledConvolutions.contains(index), let convolution = layers[index] as? Conv2D,
                let pool = layers[index + 1] as? MaxPooling2D,
                let pooled = convolution.forward(arguments[0], maxPooledBy: pool.window, workspace: workspace)
            {
                outputs[index + 1] = pooled
                computed = index + 1
            } else {
                outputs[index] = layers[index].forward(arguments, workspace: workspace)
            }
            observe?(index, arguments, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            for source in inbound[index] where lastUse[source] == index { outputs[source] = nil }
            index = computed + 1
        }
        return outputs[outputIndex]!
    }

    /// The output for a batch, its samples spread over `threads` workers, each running one
    /// sample at a time with single-threaded OpenBLAS products: on these machines that scales
    /// with the cores where OpenBLAS' own threading does not (with one worker, OpenBLAS' idle
    /// threads spinning in sched_yield took a third of the time), and `threads` is then the
    /// number of cores used. Memory: one sample's activations and the scratch of one worker per
    /// thread, plus the output. Activations are fresh arrays per layer; `AllocatorTuning` keeps
    /// their memory in the heap from pattern to pattern.
    public func predict(_ input: Tensor, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Tensor {
        let shape = try outputShape(for: input.featureShape)
        let outputHeight = shape.height!, outputWidth = shape.width!
        let workers = max(1, min(threads, input.count))
        BLASThreads.useOne()
        AllocatorTuning.keepLargeBlocks()
        var result = Tensor(shape: [input.count, outputHeight, outputWidth, shape.channels])
        let outputSize = outputHeight * outputWidth * shape.channels
        result.storage.withUnsafeMutableBufferPointer { destination in
            let base = destination.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let workspace = Workspace()
                for sample in stride(from: worker, to: input.count, by: workers) {
                    let output = run(input.samples(sample..<sample + 1), workspace: workspace)
                    output.storage.withUnsafeBufferPointer { (base + sample * outputSize).update(from: $0.baseAddress!, count: outputSize) }
                }
            }
        }
        return result
    }

    // MARK: - Weights

    /// Sets every parameter from `values` (one array per parameter, Keras' order), checking
    /// shapes and refusing NaN or infinite values.
    public func setWeights(of layerIndex: Int, _ values: [(shape: [Int], values: [Float])], source: String) throws {
        let layer = layers[layerIndex]
        let parameters = layer.parameters
        guard values.count == parameters.count else {
            throw KikuchiError.badInput(source, "layer '\(layer.name)' (\(layer.className)) has \(parameters.count) weights, the file gives \(values.count)")
        }
        for (parameter, given) in zip(parameters, values) {
            guard given.shape == parameter.shape else {
                throw KikuchiError.badInput(
                    source, "layer '\(layer.name)' weight '\(parameter.name)' has shape \(given.shape), the model needs \(parameter.shape)")
            }
            if let bad = given.values.firstIndex(where: { !$0.isFinite }) {
                throw KikuchiError.badInput(source, "layer '\(layer.name)' weight '\(parameter.name)' holds \(given.values[bad]) at element \(bad)")
            }
            parameter.values = given.values
        }
    }

    /// The layer called `name`.
    public func layer(named name: String) -> Layer? {
        layers.first { $0.name == name }
    }
}
