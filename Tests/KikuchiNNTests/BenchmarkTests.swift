import Foundation
import KikuchiNN
import XCTest

/// The benchmark runs (a small model in the normal suite); with KIKUCHI_NN_BENCH=N it times N
/// patterns of the published autoencoder at 236 x 236 and prints patterns per second
/// (benchmarks/nn/run.sh builds the tests in release for that).
final class BenchmarkTests: XCTestCase {
    func testBenchmarkTimesTheRequestedPatterns() throws {
        let model = try EBSDAutoencoder.make(inputSize: 20)
        let result = try ModelBenchmark.run(model, patterns: 3, threads: 2)
        XCTAssertEqual(result.patterns, 3)
        XCTAssertEqual(result.threads, 2)
        XCTAssertEqual(result.inputShape, FeatureShape(height: 20, width: 20, channels: 1))
        XCTAssertGreaterThan(result.seconds, 0)
    }

    func testPublishedAutoencoderThroughput() throws {
        guard let text = ProcessInfo.processInfo.environment["KIKUCHI_NN_BENCH"], let patterns = Int(text) else {
            throw XCTSkip("set KIKUCHI_NN_BENCH=N to time N patterns of the published autoencoder")
        }
        let model = try KerasModelFile.load(KerasFixtures.path("autoencoder_keras3.h5"))
        for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
            let result = try ModelBenchmark.run(model, patterns: patterns, threads: threads)
            print(String(format: "kikuchi KikuchiNN: %d patterns 236x236, %d threads: %.2f s, %.2f patterns/s",
                         result.patterns, result.threads, result.seconds, result.patternsPerSecond))
        }
    }
}
