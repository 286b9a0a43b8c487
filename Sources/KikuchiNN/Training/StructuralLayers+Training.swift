/// The backward passes of the layers that only move values: the input passes nothing back; Add
/// hands its output gradient to every input; Concatenate splits it along the joined axis;
/// Cropping2D puts it back into a zero frame; ZeroPadding2D cuts the frame off.
extension InputLayer: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        []
    }
}

extension Add: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        needsInputGradients ? Array(repeating: outputGradient, count: inputs.count) : []
    }
}

extension Concatenate: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        // Each sample is `outer` runs of one contiguous block per input (see the forward pass).
        let outer = outputGradient.shape[0] * outputGradient.shape[1..<axis].reduce(1, *)
        let blocks = inputs.map { $0.storage.count / max(outer, 1) }
        let joinedBlock = blocks.reduce(0, +)
        var offset = 0
        return inputs.enumerated().map { index, input in
            let start = offset
            offset += blocks[index]
            return Tensor(shape: input.shape) { target in
                outputGradient.storage.withUnsafeBufferPointer { source in
                    for run in 0..<outer {
                        (target.baseAddress! + run * blocks[index]).update(
                            from: source.baseAddress! + run * joinedBlock + start,
                            count: blocks[index])
                    }
                }
            }
        }
    }
}

extension Cropping2D: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        let frame = ZeroPadding2D(name: name, top: top, bottom: bottom, left: left, right: right)
        return [frame.forward([outputGradient], workspace: workspace)]
    }
}

extension ZeroPadding2D: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        let cut = Cropping2D(name: name, top: top, bottom: bottom, left: left, right: right)
        return [cut.forward([outputGradient], workspace: workspace)]
    }
}
