import Foundation
import KikuchiDenoise
import KikuchiImage
import XCTest

/// The guard of the neighbour networks: it keeps the checked pattern where a network output lost
/// the bands, and lets through an output that agrees with a noisy pattern as well as its clean
/// signal would.
final class NetworkGuardTests: XCTestCase {
    private let width = 96, height = 80

    /// Straight bands a few pixels wide at several angles, as a Kikuchi pattern has.
    private func bands() -> [Float] {
        var pattern = [Float](repeating: 0, count: width * height)
        let angles = [0.3, 1.1, 1.9, 2.6]
        for y in 0..<height {
            for x in 0..<width {
                var value = 0.0
                for (i, angle) in angles.enumerated() {
                    let distance = Double(x) * cos(angle) + Double(y) * sin(angle) - Double(20 + 9 * i)
                    value += exp(-distance * distance / 8)
                }
                pattern[y * width + x] = Float(100 + 40 * value)
            }
        }
        return pattern
    }

    private func noisy(_ pattern: [Float], deviation: Double, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return pattern.map { $0 + Float(deviation * (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
    }

    func testBlobsInPlaceOfACleanPatternsBandsAreRejected() throws {
        let clean = bands()
        let check = try NetworkGuard(margin: 0.15)
        let blobs = try GaussianBlur(sigma: 4).apply(try Image<Float>(width: width, height: height, pixels: clean)).pixels
        let (observed, expected) = try check.agreement(of: blobs, with: clean, width: width, height: height)
        XCTAssertGreaterThan(expected, 0.9, "a clean pattern's bands are nearly all signal")
        XCTAssertLessThan(observed, expected - 0.15)
        XCTAssertTrue(try check.rejects(blobs, against: clean, width: width, height: height))
        XCTAssertFalse(try check.rejects(clean, against: clean, width: width, height: height), "an unchanged pattern passes")
    }

    func testTheCleanSignalOfANoisyPatternPasses() throws {
        let clean = bands()
        let check = try NetworkGuard(margin: 0.15)
        for deviation in [5.0, 15.0, 40.0] {
            let averaged = noisy(clean, deviation: deviation, seed: UInt64(deviation))
            let (observed, expected) = try check.agreement(of: clean, with: averaged, width: width, height: height)
            XCTAssertLessThan(expected - observed, 0.15, "noise \(deviation): a network that found the signal is kept")
            XCTAssertFalse(try check.rejects(clean, against: averaged, width: width, height: height))
        }
    }
}
