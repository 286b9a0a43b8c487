import Foundation
import KikuchiDenoise
import KikuchiImage
import XCTest

/// The blend of a neighbour network's output with the averaging's pattern: judged by an
/// independent noisy estimate of the clean pattern, it takes the network where the network found
/// the bands, the averaging where the network blurred them, and a share of each where both carry
/// part of the signal.
final class NetworkBlendTests: XCTestCase {
    private let width = 96, height = 80

    /// A smooth background, the same for every pattern of a scan.
    private func background() -> [Float] {
        (0..<width * height).map { p in
            let (x, y) = (Double(p % width) / Double(width) - 0.4, Double(p / width) / Double(height) - 0.6)
            return Float(300 * exp(-(x * x + y * y) * 3))
        }
    }

    /// Straight bands a few pixels wide at several angles on the background.
    private func clean() -> [Float] {
        let floor = background()
        return (0..<width * height).map { p in
            let (x, y) = (Double(p % width), Double(p / width))
            let value = [0.3, 1.1, 1.9, 2.6].enumerated().reduce(0.0) { sum, band in
                let distance = x * cos(band.element) + y * sin(band.element) - Double(20 + 9 * band.offset)
                return sum + exp(-distance * distance / 8)
            }
            return floor[p] + Float(40 * value)
        }
    }

    private func noise(deviation: Double, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return (0..<width * height).map { _ in Float(deviation * (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
    }

    private func weight(network: [Float], averaged: [Float], judgeNoise: Double = 20, seed: UInt64 = 7) throws -> Double {
        let independent = zip(clean(), noise(deviation: judgeNoise, seed: seed)).map { $0 + $1 }
        return try XCTUnwrap(
            try NetworkBlend().weight(
                of: network, averaged: averaged, independent: independent, background: background(), width: width, height: height))
    }

    func testAPatternLikeTheScansMeanIsNotJudged() throws {
        // A map of one grain: its mean pattern holds the bands, and nothing is left to judge by.
        let averaged = zip(clean(), noise(deviation: 3, seed: 11)).map { $0 + $1 }
        let blurred = try GaussianBlur(sigma: 4).apply(try Image<Float>(width: width, height: height, pixels: clean())).pixels
        XCTAssertNil(
            try NetworkBlend().weight(
                of: blurred, averaged: averaged, independent: clean(), background: clean(), width: width, height: height))
    }

    /// Judged at 1, tempered to 3/4 (`NetworkBlend.tempered`) after an averaging; taken whole
    /// untempered (the autoencoder on a raw pattern).
    func testANetworkThatFoundTheCleanPatternIsTakenMostly() throws {
        let averaged = zip(clean(), noise(deviation: 15, seed: 1)).map { $0 + $1 }
        XCTAssertEqual(try weight(network: clean(), averaged: averaged), 0.75, accuracy: 0.01)
        let independent = zip(clean(), noise(deviation: 20, seed: 7)).map { $0 + $1 }
        let whole = try NetworkBlend().weight(
            of: clean(), averaged: averaged, independent: independent, background: background(), width: width, height: height,
            tempering: false)
        XCTAssertEqual(try XCTUnwrap(whole), 1, accuracy: 0.02)
    }

    /// A weight up to one half is kept; above it, the step past one half is halved, so the order
    /// of weights is kept and none passes 3/4.
    func testWeightsAboveOneHalfAreTakenHalfwayBackToIt() {
        XCTAssertEqual(NetworkBlend.tempered(0), 0)
        XCTAssertEqual(NetworkBlend.tempered(0.3), 0.3)
        XCTAssertEqual(NetworkBlend.tempered(0.5), 0.5)
        XCTAssertEqual(NetworkBlend.tempered(0.9), 0.7, accuracy: 1e-12)
        XCTAssertEqual(NetworkBlend.tempered(1), 0.75)
        let steps = stride(from: 0.0, through: 1.0, by: 0.05).map(NetworkBlend.tempered)
        XCTAssertEqual(steps, steps.sorted())
    }

    /// NCC of the bands of x - background with those of the clean pattern less the background:
    /// how an indexer would score x.
    private func score(_ x: [Float]) throws -> Double {
        let blur = try GaussianBlur(sigma: Double(min(width, height)) / 16)
        func bands(_ x: [Float]) throws -> [Double] {
            let corrected = zip(x, background()).map { $0 - $1 }
            let smooth = blur.apply(try Image<Float>(width: width, height: height, pixels: corrected)).pixels
            return zip(corrected, smooth).map { Double($0 - $1) }
        }
        let (a, b) = (try bands(x), try bands(clean()))
        let (ma, mb) = (a.reduce(0, +) / Double(a.count), b.reduce(0, +) / Double(b.count))
        let sab = zip(a, b).reduce(0.0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let saa = a.reduce(0.0) { $0 + ($1 - ma) * ($1 - ma) }, sbb = b.reduce(0.0) { $0 + ($1 - mb) * ($1 - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    /// The clean pattern with one band more, which the scan does not have.
    private func invented() -> [Float] {
        zip(clean(), (0..<width * height)).map { value, p in
            let distance = Double(p % width) * cos(0.7) - Double(p / width) * sin(0.7) - 10
            return value + Float(40 * exp(-distance * distance / 8))
        }
    }

    func testTheBlendScoresNearlyAsWellAsTheBetterPatternByTheTruth() throws {
        let blurred = try GaussianBlur(sigma: 4).apply(try Image<Float>(width: width, height: height, pixels: clean())).pixels
        let cases: [(name: String, network: [Float], averagingNoise: Double)] = [
            ("blurred bands, noisy averaging", blurred, 15), ("blurred bands, good averaging", blurred, 3),
            ("an invented band", invented(), 10),
            ("its own noise", zip(clean(), noise(deviation: 10, seed: 8)).map { $0 + $1 }, 10)
        ]
        for (k, test) in cases.enumerated() {
            let averaged = zip(clean(), noise(deviation: test.averagingNoise, seed: UInt64(20 + k))).map { $0 + $1 }
            let best = max(try score(averaged), try score(test.network))
            for seed in UInt64(30)..<UInt64(33) {
                let w = try weight(network: test.network, averaged: averaged, judgeNoise: 30, seed: seed)
                let blended = try score(NetworkBlend.mix(test.network, into: averaged, weight: w))
                // Tempered, the blend gives up a little of the better pattern's score, no more.
                XCTAssertGreaterThanOrEqual(blended, best - 0.01, "\(test.name), judge \(seed): w \(w)")
                XCTAssertGreaterThanOrEqual(blended, try score(averaged) - 0.005, "\(test.name), judge \(seed): w \(w)")
            }
        }
    }

    func testAnInventedBandIsMostlyRefused() throws {
        let averaged = zip(clean(), noise(deviation: 3, seed: 9)).map { $0 + $1 }
        XCTAssertLessThan(try weight(network: invented(), averaged: averaged), 0.25)
    }

    func testAnUnchangedPatternStaysUnchanged() throws {
        let averaged = zip(clean(), noise(deviation: 15, seed: 6)).map { $0 + $1 }
        let w = try weight(network: averaged, averaged: averaged)
        XCTAssertEqual(NetworkBlend.mix(averaged, into: averaged, weight: w), averaged)
    }
}
