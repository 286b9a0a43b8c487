import Foundation
import KikuchiSim
import XCTest

/// The Lambert projection, Euler angles, detector frame and pattern centre conversions.
final class GeometryTests: XCTestCase {
    func testLambertSquareCoordinatesInvertToTheDirection() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let v = SIMD3(
                Double.random(in: -1...1, using: &generator), Double.random(in: -1...1, using: &generator),
                Double.random(in: -1...1, using: &generator))
            let unit = v / (v * v).sum().squareRoot()
            let (x, y) = SquareLambert.squareCoordinates(of: v)
            XCTAssertLessThanOrEqual(max(abs(x), abs(y)), 1 + 1e-12)
            let back = SquareLambert.northernDirection(x: x, y: y)
            XCTAssertEqual(back.x, unit.x, accuracy: 1e-9)
            XCTAssertEqual(back.y, unit.y, accuracy: 1e-9)
            XCTAssertEqual(back.z, abs(unit.z), accuracy: 1e-9)
        }
        // The equator lands on the square's border, the pole on its centre.
        XCTAssertEqual(SquareLambert.squareCoordinates(of: SIMD3(1, 0, 0)).x, 1, accuracy: 1e-12)
        XCTAssertEqual(SquareLambert.squareCoordinates(of: SIMD3(0, 0, -1)).x, 0)
    }

    func testEulerMatrixIsOrixsAndRoundTrips() {
        // orix 0.15: Rotation.from_euler(np.deg2rad([10, 20, 30])).to_matrix()
        let orix = Matrix3(
            rows: SIMD3(0.77128058, 0.61309202, 0.17101007),
            SIMD3(-0.63371836, 0.71461018, 0.29619813),
            SIMD3(0.05939117, -0.33682409, 0.93969262))
        let g = EulerAngles(phi1: 10, Phi: 20, phi2: 30).sampleToCrystal
        for (a, b) in [(g.row1, orix.row1), (g.row2, orix.row2), (g.row3, orix.row3)] {
            for i in 0..<3 { XCTAssertEqual(a[i], b[i], accuracy: 1e-7) }
        }
        var generator = SeededGenerator(seed: 9)
        var cosines = 0.0
        for _ in 0..<4000 {
            let e = EulerAngles.random(using: &generator)
            let back = EulerAngles(sampleToCrystal: e.sampleToCrystal)
            XCTAssertEqual(back.phi1, e.phi1, accuracy: 1e-6)
            XCTAssertEqual(back.Phi, e.Phi, accuracy: 1e-6)
            XCTAssertEqual(back.phi2, e.phi2, accuracy: 1e-6)
            cosines += cos(e.Phi * .pi / 180)
        }
        // Uniform on SO(3): cos(Phi) is uniform on [-1, 1], mean 0 (standard error 0.009).
        XCTAssertEqual(cosines / 4000, 0, accuracy: 0.04)
    }

    func testDetectorAxesAreKikuchipys() {
        // kikuchipy 0.13: EBSDDetector(sample_tilt=70, tilt=0).sample_to_detector.to_matrix()
        let axes = DetectorGeometry(width: 60, height: 60, patternCentre: PatternCentre(brukerX: 0.4, y: 0.3, z: 0.6)).detectorAxesInSample
        let expected = [SIMD3(0, 1, 0), SIMD3(-0.939692621, 0, 0.342020143), SIMD3(0.342020143, 0, 0.939692621)]
        for (row, want) in zip([axes.row1, axes.row2, axes.row3], expected) {
            for i in 0..<3 { XCTAssertEqual(row[i], want[i], accuracy: 1e-9) }
        }
    }

    func testPatternCentreConventionsAgreeWithKikuchipysConversions() {
        // A 120 wide, 100 high detector: EDAX z* is a fraction of min(N_x, N_y) = N_y here.
        let edax = PatternCentre(0.4, 0.6, 0.5, convention: .edax, width: 120, height: 100)
        XCTAssertEqual(edax, PatternCentre(brukerX: 0.4, y: 0.4, z: 0.5))
        let tall = PatternCentre(0.4, 0.6, 0.5, convention: .edax, width: 90, height: 120)
        XCTAssertEqual(tall.z, 0.5 * 90 / 120, accuracy: 1e-15)
        let oxford = PatternCentre(0.4, 0.3, 0.5, convention: .oxford, width: 120, height: 100)
        XCTAssertEqual(oxford.y, 1 - 0.3 * 1.2, accuracy: 1e-15)
        XCTAssertEqual(oxford.z, 0.6, accuracy: 1e-15)
        let emsoft = PatternCentre(5, -10, 15000, convention: .emsoft, width: 120, height: 120, binning: 4, pixelSize: 25)
        XCTAssertEqual(emsoft.x, 0.5 - 5.0 / 480, accuracy: 1e-15)
        XCTAssertEqual(emsoft.y, 0.5 + 10.0 / 480, accuracy: 1e-15)
        XCTAssertEqual(emsoft.z, 15000.0 / (120 * 4 * 25), accuracy: 1e-15)
        XCTAssertEqual(
            PatternCentre(5, -10, 15000, convention: .emsoft4, width: 120, height: 120, binning: 4, pixelSize: 25).x,
            0.5 + 5.0 / 480, accuracy: 1e-15)
        XCTAssertEqual(PatternCentreConvention(name: "TSL"), .edax)
        XCTAssertNil(PatternCentreConvention(name: "hkl"))
    }
}
