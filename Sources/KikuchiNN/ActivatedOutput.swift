/// The activation step shared by the trainable convolutions: the record keeps the
/// pre-activation values z (when the activation is not linear) so that the backward pass can
/// take act'(z) exactly, whatever the activation.
enum ActivatedOutput {
    /// The record of y = act(z).
    static func record(preActivation z: Tensor, activation: Activation) -> ForwardRecord {
        guard activation.needsPreActivation else { return ForwardRecord(output: z) }
        var output = z
        output.storage.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        return ForwardRecord(output: output, saved: z.storage)
    }

    /// dL/dz = dL/dy · act'(z).
    static func preActivationGradient(_ outputGradient: Tensor, record: ForwardRecord, activation: Activation) -> Tensor {
        guard activation.needsPreActivation else { return outputGradient }
        var gradient = outputGradient
        gradient.storage.withUnsafeMutableBufferPointer { g in
            record.saved.withUnsafeBufferPointer { z in
                activation.multiplyByDerivative(g.baseAddress!, preActivation: z.baseAddress!, count: g.count)
            }
        }
        return gradient
    }
}
