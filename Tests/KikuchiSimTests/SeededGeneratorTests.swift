import Foundation
import KikuchiSim
import XCTest

/// The generator's Poisson and normal samples against their distributions.
final class SeededGeneratorTests: XCTestCase {
    /// log P(k) = -mean + k log(mean) - log(k!).
    private func pmf(_ k: Int, mean: Double) -> Double {
        exp(-mean + Double(k) * log(mean) - lgamma(Double(k) + 1))
    }

    func testPoissonSamplesFollowThePoissonDistribution() {
        // 3: inversion; 15 and 60: transformed rejection.
        for mean in [3.0, 15, 60] {
            var generator = SeededGenerator(seed: UInt64(mean))
            let n = 200_000
            var histogram = [Int: Int]()
            var sum = 0.0, squares = 0.0
            for _ in 0..<n {
                let k = generator.poisson(mean: mean)
                XCTAssertEqual(k, k.rounded())
                histogram[Int(k), default: 0] += 1
                sum += k
                squares += k * k
            }
            let sampleMean = sum / Double(n), variance = squares / Double(n) - sampleMean * sampleMean
            XCTAssertEqual(sampleMean, mean, accuracy: 5 * (mean / Double(n)).squareRoot(), "mean at \(mean)")
            XCTAssertEqual(variance, mean, accuracy: 0.02 * mean, "variance at \(mean)")
            // Each probability within 5 standard errors of the binomial count, over the bulk.
            let spread = Int(3 * mean.squareRoot())
            for k in max(0, Int(mean) - spread)...(Int(mean) + spread) {
                let p = pmf(k, mean: mean)
                let observed = Double(histogram[k, default: 0]) / Double(n)
                XCTAssertEqual(observed, p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot(), "P(\(k)) at mean \(mean)")
            }
        }
    }

    func testNormalSamplesHaveUnitVariance() {
        var generator = SeededGenerator(seed: 1)
        let samples = (0..<100_000).map { _ in generator.gaussian() }
        let mean = samples.reduce(0, +) / 100_000
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 99_999
        XCTAssertEqual(mean, 0, accuracy: 0.015)
        XCTAssertEqual(variance, 1, accuracy: 0.015)
        XCTAssertEqual(Double(samples.filter { abs($0) < 1 }.count) / 100_000, 0.6827, accuracy: 0.005)
    }
}
