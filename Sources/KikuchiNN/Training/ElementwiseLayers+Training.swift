/// The backward passes of the element-wise layers, dL/dx = dL/dy · f'(x) from their inputs:
/// Activation (the activation's own derivative), ReLU (1 between threshold and max_value, the
/// negative slope below the threshold, 0 above the cap) and LeakyReLU (1 above zero, the slope
/// at and below it, as TensorFlow's LeakyReluGrad).
extension ActivationLayer: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        var gradient = outputGradient
        gradient.storage.withUnsafeMutableBufferPointer { g in
            inputs[0].storage.withUnsafeBufferPointer { activation.multiplyByDerivative(g.baseAddress!, preActivation: $0.baseAddress!, count: g.count) }
        }
        return [gradient]
    }
}

extension LeakyReLU: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        var gradient = outputGradient
        gradient.storage.withUnsafeMutableBufferPointer { g in
            inputs[0].storage.withUnsafeBufferPointer {
                Activation.leakyReLU(slope: slope).multiplyByDerivative(g.baseAddress!, preActivation: $0.baseAddress!, count: g.count)
            }
        }
        return [gradient]
    }
}

extension ReLU: StatelessTrainableLayer {
    public func backward(
        _ outputGradient: Tensor, inputs: [Tensor], record: ForwardRecord,
        parameterGradients: inout [[Float]], needsInputGradients: Bool, workspace: Workspace
    ) -> [Tensor] {
        guard needsInputGradients else { return [] }
        var gradient = outputGradient
        let cap = maxValue ?? .infinity
        for (index, x) in inputs[0].storage.enumerated() {
            if x < threshold {
                gradient.storage[index] *= negativeSlope
            } else if x >= cap || (threshold == 0 && negativeSlope == 0 && x == 0) {
                gradient.storage[index] = 0
            }
        }
        return [gradient]
    }
}
