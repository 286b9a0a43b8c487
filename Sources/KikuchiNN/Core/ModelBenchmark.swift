import Foundation
import KikuchiCore

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
        let count = max(patterns, 1)
        let input = randomInput(for: model, count: count, seed: seed)
        let shape = input.featureShape
        let workers = max(1, threads)
        _ = try model.predict(input.samples(0..<min(workers, count)), threads: workers)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try model.predict(input, threads: workers)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(patterns: count, threads: workers, seconds: seconds, inputShape: shape)
    }

    /// One layer's share of a forward pass: seconds per pattern on one thread, and the
    /// multiply-adds of a convolution counted as two operations each (the direct algorithm's
    /// count, whatever algorithm ran), so that `gflops` compares layers with the machine's GEMM.
    public struct LayerTime: Sendable {
        public let name: String
        public let kind: String
        public let secondsPerPattern: Double
        public let operationsPerPattern: Double
        public var gflops: Double { secondsPerPattern > 0 ? operationsPerPattern / secondsPerPattern / 1e9 : 0 }
    }

    /// Every layer of `model` timed over `patterns` random patterns, one at a time on the calling
    /// thread (one worker's view; the workers of `run` each do the same), after one warm-up.
    public static func layers(_ model: Model, patterns: Int = 16, seed: UInt64 = 1) throws -> [LayerTime] {
        let input = randomInput(for: model, count: max(patterns, 1), seed: seed)
        BLASThreads.useOne()
        AllocatorTuning.keepLargeBlocks()
        let workspace = Workspace()
        _ = model.run(input.samples(0..<1), workspace: workspace)
        var seconds = [Int: Double](), operations = [Int: Double]()
        for sample in 0..<input.count {
            _ = model.run(input.samples(sample..<sample + 1), workspace: workspace) { layer, inputs, elapsed in
                seconds[layer, default: 0] += elapsed
                if sample == 0 { operations[layer] = Self.operations(of: model.layers[layer], input: inputs[0]) }
            }
        }
        return seconds.keys.sorted().map { layer in
            LayerTime(
                name: model.layers[layer].name, kind: model.layers[layer].className,
                secondsPerPattern: seconds[layer]! / Double(input.count), operationsPerPattern: operations[layer] ?? 0)
        }
    }

    /// The rate of one large single-threaded SGEMM (n x n by n x n), GFLOP/s: what one core's
    /// matrix products reach on this machine, the yardstick of `layers`.
    public static func gemmRate(size n: Int = 1024) -> Double {
        BLASThreads.useOne()
        let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        GEMM.multiply(m: n, n: n, k: n, a: a.baseAddress!, lda: n, b: b.baseAddress!, ldb: n, c: c.baseAddress!, ldc: n)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(n * n * n) / best / 1e9
    }

    /// Multiply-adds times two of a convolution layer on `input` (direct algorithm); 0 for others.
    static func operations(of layer: Layer, input: Tensor) -> Double {
        if let convolution = layer as? Conv2D {
            let (rows, columns) = convolution.outputGeometry(height: input.height, width: input.width)
            return 2 * Double(rows.outputSize * columns.outputSize) * Double(convolution.kernel.values.count)
        }
        if let transpose = layer as? Conv2DTranspose {
            return 2 * Double(input.height * input.width) * Double(transpose.kernel.values.count)
        }
        return 0
    }

    /// `count` reproducible [0, 1) patterns of the model's input shape (236 x 236 where it leaves
    /// the size open).
    static func randomInput(for model: Model, count: Int, seed: UInt64) -> Tensor {
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
        return Tensor(
            shape: [count, shape.height!, shape.width!, shape.channels],
            storage: (0..<count * shape.height! * shape.width! * shape.channels).map { _ in next() })
    }
}
