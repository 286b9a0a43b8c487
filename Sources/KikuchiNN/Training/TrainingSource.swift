/// Where a `Trainer` takes its samples from: `count` noisy inputs of height x width x
/// `inputChannels` values (interleaved, as NHWC) and their clean height x width targets.
public protocol TrainingSource: AnyObject {
    /// The path error messages name.
    var noisyPath: String { get }
    var count: Int { get }
    var height: Int { get }
    var width: Int { get }
    /// Channels of each input sample (the target has one).
    var inputChannels: Int { get }
    /// Sample `index`: the input (height x width x inputChannels) and the target (height x width).
    func pair(_ index: Int) throws -> (noisy: [Float], clean: [Float])
}
