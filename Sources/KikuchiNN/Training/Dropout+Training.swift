/// Dropout in training, inverted as Keras does it: each value is kept with probability
/// 1 - rate and then divided by 1 - rate (so inference needs no scaling), or set to zero. The
/// mask of a value depends only on the step's seed, the layer's name, the sample's place in the
/// batch and the value's index, so it is the same whichever worker runs the sample.
extension Dropout: TrainableLayer {
    public func trainingForward(_ inputs: [Tensor], context: TrainingContext, workspace: Workspace) -> ForwardRecord {
        let input = inputs[0]
        guard context.training, rate > 0 else { return ForwardRecord(output: input) }
        let keep = 1 - rate
        let scale: Float = rate >= 1 ? 0 : 1 / keep
        let layerSeed = TrainingRandom.mix(context.dropoutSeed ^ TrainingRandom.hash(name))
        var mask = [Float](repeating: 0, count: input.storage.count)
        let sampleSize = input.sampleSize
        for sample in 0..<input.count {
            let sampleSeed = TrainingRandom.mix(layerSeed &+ UInt64(context.firstSample + sample) &* 0x9E37_79B9_7F4A_7C15)
            for index in 0..<sampleSize {
                let draw = Float(TrainingRandom.mix(sampleSeed &+ UInt64(index)) >> 40) / Float(1 << 24)
                mask[sample * sampleSize + index] = draw < rate ? 0 : scale
            }
        }
        var output = input
        for index in output.storage.indices { output.storage[index] *= mask[index] }
        return ForwardRecord(output: output, saved: mask)
    }

    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        guard !record.saved.isEmpty else { return [outputGradient] }
        var gradient = outputGradient
        for index in gradient.storage.indices { gradient.storage[index] *= record.saved[index] }
        return [gradient]
    }
}
