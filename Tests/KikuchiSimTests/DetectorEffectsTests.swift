import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim
import XCTest

/// The detector effects of `DetectorEffects` through `NoiseModel`: each one's geometry or
/// formula on a flat pattern, and hot pixels that stay put and stay out of the truth.
final class DetectorEffectsTests: XCTestCase {
    private let width = 60, height = 40

    /// A flat pattern (no bands, uniform illumination) recorded with `effects`, noise-free or at `dose`.
    private func flat(_ effects: DetectorEffects, dose: Double? = nil, hotPixels: [Int] = []) -> (recorded: [Float], clean: [Float]) {
        var noise = NoiseModel(dose: dose)
        (noise.contrast, noise.backgroundFloor, noise.blurSigma, noise.readNoise) = (0.0001, 1, 0, 0)
        noise.nominalDose = 100
        noise.effects = effects
        let detector = DetectorGeometry(
            width: width, height: height, patternCentre: PatternCentre(0.5, 0.5, 0.5, convention: .edax, width: width, height: height))
        var generator = SeededGenerator(seed: 5)
        let result = noise.record(
            [Float](repeating: 0.5, count: width * height), illumination: noise.illumination(of: detector), width: width,
            height: height, blur: nil, hotPixels: hotPixels, generator: &generator)
        return (result.recorded, result.clean!)
    }

    private func value(_ pattern: [Float], x: Double, y: Double) -> Float {
        pattern[Int(y) * width + Int(x)]
    }

    func testNoEffectsLeaveTheIlluminationAsItWas() {
        let pattern = flat(DetectorEffects()).clean
        XCTAssertTrue(DetectorEffects().isEmpty)
        XCTAssertEqual(pattern.min()!, pattern.max()!, accuracy: 1e-3)
        XCTAssertEqual(pattern[0], 100, accuracy: 0.01)
    }

    func testTheScreenIsDarkOutsideItsRadiusUpToTheDarkLevel() {
        var effects = DetectorEffects()
        effects.screenRadius = 0.8
        effects.cameraOffset = 7
        let pattern = flat(effects).clean
        // Radius 0.8 of half the smaller side (20 pixels): 16 pixels about the centre (30, 20).
        XCTAssertEqual(value(pattern, x: 1, y: 1), 7, accuracy: 1e-4, "a corner is outside the screen")
        XCTAssertEqual(value(pattern, x: 30 + 17, y: 20), 7, accuracy: 1e-4)
        XCTAssertGreaterThan(value(pattern, x: 30 + 14, y: 20), 50)
        XCTAssertEqual(value(pattern, x: 30, y: 20), value(pattern, x: 30 + 10, y: 20), accuracy: 1e-3, "flat inside")
    }

    func testAShadowTakesItsDepthOnOneSideOfItsEdge() {
        var effects = DetectorEffects()
        effects.shadow = DetectorEffects.Shadow(angle: 0, offset: 0, depth: 0.6)
        let pattern = flat(effects).clean
        let left = value(pattern, x: 2, y: 20), right = value(pattern, x: 57, y: 20)
        XCTAssertEqual(right / left, 0.4, accuracy: 0.02, "the shadow lies along its normal, to the right at 0 degrees")
        XCTAssertEqual(value(pattern, x: 2, y: 2), left, accuracy: 1e-3, "the edge is straight (vertical here)")
        let edge = value(pattern, x: 30, y: 20)
        XCTAssertEqual(edge / left, 0.7, accuracy: 0.05, "half the depth at the edge")
    }

    func testVignettingDarkensTheCornersByItsFraction() {
        var effects = DetectorEffects()
        effects.vignetting = 0.5
        let pattern = flat(effects).clean
        let centre = value(pattern, x: 30, y: 20), corner = value(pattern, x: 0, y: 0)
        XCTAssertEqual(corner / centre, 0.5, accuracy: 0.03)
    }

    func testGammaBendsTheCountsAboutTheDose() {
        var effects = DetectorEffects()
        effects.gamma = 0.5
        effects.vignetting = 0.6
        var linearEffects = effects
        linearEffects.gamma = 1
        let bent = flat(effects).clean, linear = flat(linearEffects).clean
        for i in [0, 617, width * height / 2 + width / 2] {
            XCTAssertEqual(Double(bent[i]), 100 * pow(Double(linear[i]) / 100, 0.5), accuracy: 1e-2)
        }
    }

    func testHotPixelsStayPutAndStayOutOfTheTruth() {
        var effects = DetectorEffects()
        effects.hotPixelFraction = 0.01
        let pixels = effects.hotPixels(pixels: width * height, seed: 3)
        XCTAssertEqual(pixels, effects.hotPixels(pixels: width * height, seed: 3), "a scan's hot pixels are the same in every pattern")
        XCTAssertNotEqual(pixels, effects.hotPixels(pixels: width * height, seed: 4))
        XCTAssertEqual(Double(pixels.count), 0.01 * Double(width * height), accuracy: 15)
        let pattern = flat(effects, dose: 100, hotPixels: pixels)
        for i in pixels {
            XCTAssertEqual(pattern.recorded[i], 800, "8 times the dose")
            XCTAssertLessThan(pattern.clean[i], 101)
        }
        XCTAssertLessThan(pattern.recorded.enumerated().filter { !pixels.contains($0.offset) }.map(\.element).max()!, 200)
    }
}
