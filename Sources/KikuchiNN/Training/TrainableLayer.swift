/// What one layer's training-mode forward pass leaves for its backward pass.
public struct ForwardRecord {
    /// The layer's output.
    public var output: Tensor
    /// What the layer keeps beyond its inputs and output: the pre-activation values of a
    /// convolution with a non-linear activation, a dropout mask, batch-normalisation statistics.
    public var saved: [Float]

    public init(output: Tensor, saved: [Float] = []) {
        self.output = output
        self.saved = saved
    }
}

/// The facts a training-mode forward pass needs besides its inputs.
public struct TrainingContext: Sendable {
    /// Training mode (batch statistics, dropout) or inference mode (moving statistics, no dropout).
    public var training: Bool
    /// Whether batch normalisation folds this pass's batch statistics into its moving averages
    /// (once per optimiser step; not during gradient checks or validation).
    public var updatesStatistics: Bool
    /// The seed of this step's dropout masks.
    public var dropoutSeed: UInt64
    /// The index within the step's batch of the tensor's first sample: a sample's dropout mask
    /// depends on its place in the batch, not on which worker runs it.
    public var firstSample: Int

    public init(training: Bool, updatesStatistics: Bool = false, dropoutSeed: UInt64 = 0, firstSample: Int = 0) {
        self.training = training
        self.updatesStatistics = updatesStatistics
        self.dropoutSeed = dropoutSeed
        self.firstSample = firstSample
    }

    /// Inference mode.
    public static let inference = TrainingContext(training: false)
}

/// A layer that can be trained: a forward pass that records what the backward pass needs, and the
/// backward pass itself, which returns the gradient of the loss with respect to each input and
/// adds the gradient with respect to each parameter into `parameterGradients` (one array per
/// entry of `parameters`, same order and length; untrainable entries are left alone).
public protocol TrainableLayer: Layer {
    /// Whether the layer's output for one sample depends on the other samples of the batch
    /// (batch normalisation in training): such a model cannot split a batch over workers.
    var mixesSamples: Bool { get }
    /// Indices into `parameters` of the weights gradient descent changes (not moving statistics).
    var trainableParameterIndices: [Int] { get }
    func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord
    /// - Parameter needsInputGradients: false when the inputs come from the model's input, whose
    ///   gradient nobody reads; the layer may then return an empty list.
    func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor]
}

extension TrainableLayer {
    public var mixesSamples: Bool { false }
    public var trainableParameterIndices: [Int] { Array(parameters.indices) }
}

/// Layers whose training forward pass is their inference forward pass and that keep nothing.
protocol StatelessTrainableLayer: TrainableLayer {}

extension StatelessTrainableLayer {
    public func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord {
        ForwardRecord(output: forward(inputs, workspace: workspace))
    }
}
