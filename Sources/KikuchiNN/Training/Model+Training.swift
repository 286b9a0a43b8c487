/// The model in training: a forward pass that keeps every layer's record, and the backward pass
/// through the graph in reverse layer order. A layer whose output feeds several layers (fan-out)
/// receives the sum of their gradients before its own backward pass runs.
extension Model {
    /// The layers as trainable layers; every layer kikuchi runs is one.
    var trainableLayers: [TrainableLayer] {
        layers.map { layer in
            guard let trainable = layer as? TrainableLayer else {
                preconditionFailure("layer '\(layer.name)' (\(layer.className)) has no backward pass")
            }
            return trainable
        }
    }

    /// Whether a batch must run as a whole (batch normalisation mixes its samples).
    public var mixesSamples: Bool { trainableLayers.contains { $0.mixesSamples } }

    /// The forward pass in `context`'s mode, keeping each layer's record (the last is the output).
    public func recordedForward(_ input: Tensor, context: TrainingContext, workspace: Workspace) -> [ForwardRecord] {
        let layers = trainableLayers
        var records: [ForwardRecord] = [ForwardRecord(output: input)]
        records.reserveCapacity(layers.count)
        for index in 1..<layers.count {
            let arguments = inbound[index].map { records[$0].output }
            records.append(layers[index].trainingForward(arguments, context: context, workspace: workspace))
        }
        return records
    }

    /// The model's output in `context`'s mode.
    public func trainingOutput(_ input: Tensor, context: TrainingContext, workspace: Workspace) -> Tensor {
        recordedForward(input, context: context, workspace: workspace)[outputIndex].output
    }

    /// Adds the parameter gradients of the loss into `gradients`, from the records of a forward
    /// pass and dL/d(output); returns dL/d(input).
    @discardableResult
    public func backward(
        records: [ForwardRecord], outputGradient: Tensor, into gradients: inout ParameterGradients,
        workspace: Workspace
    ) -> Tensor? {
        let layers = trainableLayers
        var pending = [Tensor?](repeating: nil, count: layers.count)
        pending[outputIndex] = outputGradient
        for index in stride(from: layers.count - 1, through: 1, by: -1) {
            guard let gradient = pending[index] else { continue }
            pending[index] = nil
            let sources = inbound[index]
            let needsInputs = sources.contains { $0 != 0 }
            let inputGradients = layers[index].backward(
                gradient, inputs: sources.map { records[$0].output }, record: records[index],
                parameterGradients: &gradients.values[index],
                needsInputGradients: needsInputs, workspace: workspace)
            for (source, inputGradient) in zip(sources, inputGradients) where source != 0 || !needsInputs {
                Model.accumulate(inputGradient, into: &pending[source])
            }
        }
        return pending[0]
    }

    /// pending += gradient (or pending = gradient when there is none yet).
    private static func accumulate(_ gradient: Tensor, into pending: inout Tensor?) {
        guard var sum = pending else {
            pending = gradient
            return
        }
        pending = nil
        sum.storage.withUnsafeMutableBufferPointer { target in
            gradient.storage.withUnsafeBufferPointer { GEMM.add($0.baseAddress!, to: target.baseAddress!, count: target.count) }
        }
        pending = sum
    }
}
