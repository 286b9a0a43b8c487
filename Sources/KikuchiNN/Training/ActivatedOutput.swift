/// The activation step shared by the trainable convolutions: the record keeps the
/// pre-activation values z (when the activation is not linear) so that the backward pass can
/// take act'(z) exactly, whatever the activation. ReLU is the exception: y = max(z, 0) is
/// positive exactly where z is, so relu'(z) = relu'(y) and y alone is kept (no copy of z).
enum ActivatedOutput {
    /// The record of y = act(z).
    static func record(preActivation z: consuming Tensor, activation: Activation) -> ForwardRecord {
        guard activation.needsPreActivation else { return ForwardRecord(output: z) }
        if activation == .relu {
            // z is consumed: its storage is this function's alone, so this writes in place.
            var output = z
            output.storage.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
            return ForwardRecord(output: output)
        }
        let saved = z.storage
        var output = z
        output.storage.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        return ForwardRecord(output: output, saved: saved)
    }

    /// dL/dz = dL/dy · act'(z), written into a new tensor in one pass (cache-sized chunks are
    /// copied and multiplied while they are in L1, not a whole-tensor copy first).
    static func preActivationGradient(_ outputGradient: Tensor, record: ForwardRecord, activation: Activation) -> Tensor {
        guard activation.needsPreActivation else { return outputGradient }
        let chunk = 4096
        return Tensor(shape: outputGradient.shape) { out in
            outputGradient.storage.withUnsafeBufferPointer { g in
                (activation == .relu ? record.output.storage : record.saved).withUnsafeBufferPointer { z in
                    var start = 0
                    while start < out.count {
                        let count = min(chunk, out.count - start)
                        (out.baseAddress! + start).initialize(from: g.baseAddress! + start, count: count)
                        activation.multiplyByDerivative(out.baseAddress! + start, preActivation: z.baseAddress! + start, count: count)
                        start += count
                    }
                }
            }
        }
    }
}
