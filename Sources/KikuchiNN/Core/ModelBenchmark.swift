import Foundation

/// Forward-pass throughput (`kikuchi bench`): random [0, 1] patterns through a model with all
/// workers, after one warm-up pattern per worker, timed on the wall clock.
public enum ModelBenchmark {
    public struct Result: Sendable {
        public let patterns: Int
        public let threads: Int
        public let seconds: Double
        public let inputShape: FeatureShape
        public var patternsPerSecond: Double { Double(patterns) / seconds }
    }

    /// Times `patterns` patterns of the model's input shape (236 x 236 where it leaves the size
    /// open) through `model.predict` with `threads` workers.
    public static func run(
        _ model: Model, patterns: Int = 16, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        seed: UInt64 = 1
    ) throws -> Result {
        let shape = FeatureShape(
            height: model.inputShape.height ?? EBSDAutoencoder.inputSize,
            width: model.inputShape.width ?? EBSDAutoencoder.inputSize, channels: model.inputShape.channels)
        var state = seed
        func next() -> Float {
            // xorshift64*: reproducible inputs without Foundation's random source.
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Float((state &* 2_685_821_657_736_338_717) >> 40) / Float(1 << 24)
        }
        let count = max(patterns, 1)
        let input = Tensor(
            shape: [count, shape.height!, shape.width!, shape.channels],
            storage: (0..<count * shape.height! * shape.width! * shape.channels).map { _ in next() })
        let workers = max(1, threads)
        _ = try model.predict(input.samples(0..<min(workers, count)), threads: workers)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try model.predict(input, threads: workers)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(patterns: count, threads: workers, seconds: seconds, inputShape: shape)
    }
}
