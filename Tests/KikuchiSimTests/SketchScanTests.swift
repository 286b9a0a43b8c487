import XCTest
import KikuchiIO
import KikuchiSim

final class SketchScanTests: XCTestCase {
    func testTheSameSeedGivesTheSameScanWhateverTheBatching() {
        let scan = SketchScan(geometry: MapGeometry(columns: 4, rows: 3), width: 20, height: 16, grains: 3, dose: 20, seed: 9)
        let whole = scan.patterns(0..<12)
        var pieces = scan.patterns(0..<5)
        pieces.append(scan.patterns(5..<12))
        XCTAssertEqual(whole, pieces)
        XCTAssertNotEqual(whole, SketchScan(geometry: scan.geometry, width: 20, height: 16, grains: 3, dose: 20, seed: 10).patterns(0..<12))
    }

    func testShotNoiseHasTheDoseAsItsScale() {
        let geometry = MapGeometry(columns: 8, rows: 1)
        let clean = SketchScan(geometry: geometry, width: 32, height: 32, grains: 1, dose: nil).patterns(0..<8)
        let noisy = SketchScan(geometry: geometry, width: 32, height: 32, grains: 1, dose: 50).patterns(0..<8)
        // One grain: every pattern has the same truth, so the mean of the noisy ones approaches dose x truth.
        let truth = clean.floats(of: 0).map { Double($0) / 4000 * 50 }
        var mean = [Double](repeating: 0, count: truth.count)
        for i in 0..<8 { for (p, v) in noisy.floats(of: i).enumerated() { mean[p] += Double(v) / 8 } }
        let bias = zip(mean, truth).map { $0 - $1 }.reduce(0, +) / Double(truth.count)
        XCTAssertLessThan(abs(bias), 0.5)
        var squaredError = 0.0
        for i in 0..<8 {
            for (v, t) in zip(noisy.floats(of: i), truth) { squaredError += (Double(v) - t) * (Double(v) - t) }
        }
        let spread = squaredError / Double(8 * truth.count)
        let expected = truth.reduce(0, +) / Double(truth.count)  // Poisson variance = mean
        XCTAssertEqual(spread, expected, accuracy: expected * 0.15)
    }

    func testBandsFollowTheOrientation() {
        let sketch = BandPatternSketch(width: 41, height: 41)
        let identity = sketch.pattern(rotation: BandPatternSketch.rotation(phi1: 0, Phi: 0, phi2: 0))
        // Looking down [001] with the pattern centre in the middle, the pattern has the cube's
        // four-fold symmetry: a quarter turn of the image leaves it unchanged.
        var worst: Float = 0
        for y in 0..<41 { for x in 0..<41 { worst = max(worst, abs(identity[y * 41 + x] - identity[x * 41 + (40 - y)])) } }
        XCTAssertLessThan(worst, 1e-5)
        let turned = sketch.pattern(rotation: BandPatternSketch.rotation(phi1: 0.3, Phi: 0.5, phi2: 0.1))
        XCTAssertGreaterThan(zip(identity, turned).map { abs($0 - $1) }.max()!, 0.1)
    }
}
