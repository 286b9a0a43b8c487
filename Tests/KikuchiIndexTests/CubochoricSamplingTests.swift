import KikuchiIndex
import KikuchiSim
import XCTest

final class CubochoricSamplingTests: XCTestCase {
    private func quaternion(_ v: [Double]) -> UnitQuaternion { UnitQuaternion(w: v[0], x: v[1], y: v[2], z: v[3]) }

    /// The same rotation (q or -q) within `tolerance` in every component.
    private func assertSameRotation(_ a: UnitQuaternion, _ b: UnitQuaternion, tolerance: Double = 1e-9, _ message: String = "") {
        let plus = max(abs(a.w - b.w), abs(a.x - b.x), abs(a.y - b.y), abs(a.z - b.z))
        let minus = max(abs(a.w + b.w), abs(a.x + b.x), abs(a.y + b.y), abs(a.z + b.z))
        XCTAssertLessThan(min(plus, minus), tolerance, "\(a) vs \(b) \(message)")
    }

    func testCubePointsMapToOrixRotations() throws {
        let fixture = try OrientationFixture.load()
        XCTAssertEqual(fixture.cube_points.count, fixture.cube_quaternions.count)
        for (point, expected) in zip(fixture.cube_points, fixture.cube_quaternions) {
            let q = CubochoricSampling.rotation(cube: SIMD3(point[0], point[1], point[2]))
            assertSameRotation(q, quaternion(expected), tolerance: 1e-9, "at cube point \(point)")
        }
        XCTAssertEqual(CubochoricSampling.rotation(cube: .zero), .identity)
    }

    func testTheMapFillsTheBallAndTheAngleSolvesItsEquation() {
        // A cube corner maps onto the sphere of radius (3 pi / 4)^(1/3), a rotation by pi.
        let a = CubochoricSampling.semiEdge
        let corner = CubochoricSampling.ball(cube: SIMD3(a, a, a))
        XCTAssertEqual((corner * corner).sum().squareRoot(), pow(3 * Double.pi / 4, 1.0 / 3), accuracy: 1e-9)
        XCTAssertEqual(CubochoricSampling.rotation(cube: SIMD3(a, a, a)).angle, Double.pi, accuracy: 1e-6)
        for omega in stride(from: 0.001, through: 3.14, by: 0.137) {
            let r = cbrt(0.75 * (omega - sin(omega)))
            XCTAssertEqual(CubochoricSampling.angle(homochoricRadius: r), omega, accuracy: 1e-10)
        }
    }

    func testFundamentalZoneSamplesAreOrixs() throws {
        let fixture = try OrientationFixture.load()
        for entry in fixture.fundamental {
            let group = try XCTUnwrap(PointGroup(name: entry.group))
            let sample = CubochoricSampling.orientations(steps: entry.steps, in: group)
            XCTAssertEqual(sample.count, entry.count, "\(entry.group) N = \(entry.steps)")
            if let expected = entry.quaternions {
                XCTAssertEqual(sample.count, expected.count)
                for (q, e) in zip(sample, expected) { assertSameRotation(q, quaternion(e), tolerance: 1e-9) }
            }
        }
    }

    func testCubeToBallMapKeepsVolumes() {
        // Equal volumes: the Jacobian determinant of the map is 1 everywhere (central
        // differences at random points away from the pyramids' faces, where it is not smooth).
        var generator = SeededGenerator(seed: 11)
        let a = CubochoricSampling.semiEdge, e = 1e-5
        var tested = 0
        while tested < 40 {
            let c = SIMD3(
                Double.random(in: -a..<a, using: &generator), Double.random(in: -a..<a, using: &generator),
                Double.random(in: -a..<a, using: &generator))
            let m = [abs(c.x), abs(c.y), abs(c.z)].sorted()
            guard m[2] - m[1] > 1e-3, m[0] > 1e-3, m[1] - m[0] > 1e-3 else { continue }
            func column(_ axis: SIMD3<Double>) -> SIMD3<Double> {
                (CubochoricSampling.ball(cube: c + axis * e) - CubochoricSampling.ball(cube: c - axis * e)) / (2 * e)
            }
            let j = Matrix3(columns: column(SIMD3(1, 0, 0)), column(SIMD3(0, 1, 0)), column(SIMD3(0, 0, 1)))
            let determinant = (j.row1 * cross(j.row2, j.row3)).sum()
            XCTAssertEqual(determinant, 1, accuracy: 1e-5, "at \(c)")
            tested += 1
        }
    }

    func testResolutionToSteps() {
        XCTAssertEqual(CubochoricSampling.semiEdgeSteps(resolution: 1), 137)
        XCTAssertEqual(CubochoricSampling.semiEdgeSteps(resolution: 3), 45)
        XCTAssertEqual(CubochoricSampling.semiEdgeSteps(resolution: 200), 1)
    }
}
