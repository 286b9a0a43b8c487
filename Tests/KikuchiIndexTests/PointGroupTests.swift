import KikuchiIndex
import KikuchiSim
import XCTest

final class PointGroupTests: XCTestCase {
    func testGroupsHaveTheirOrders() {
        let orders = ["1": 1, "2": 2, "222": 4, "4": 4, "422": 8, "3": 3, "32": 6, "6": 6, "622": 12, "23": 12, "432": 24]
        for (name, order) in orders {
            XCTAssertEqual(PointGroup(name: name)?.rotations.count, order, name)
        }
        XCTAssertEqual(PointGroup(name: "m-3m")?.name, "432")
        XCTAssertEqual(PointGroup(name: "6/mmm")?.name, "622")
        XCTAssertNil(PointGroup(name: "7"))
    }
}

final class DisorientationTests: XCTestCase {
    func testDisorientationAgreesWithOrix() throws {
        let fixture = try OrientationFixture.load()
        for pair in fixture.disorientation {
            let group = try XCTUnwrap(PointGroup(name: pair.group))
            let a = UnitQuaternion(EulerAngles(phi1: pair.a[0], Phi: pair.a[1], phi2: pair.a[2]))
            let b = UnitQuaternion(EulerAngles(phi1: pair.b[0], Phi: pair.b[1], phi2: pair.b[2]))
            XCTAssertEqual(group.disorientation(a, b) * 180 / Double.pi, pair.degrees, accuracy: 1e-6, "\(pair)")
        }
    }

    func testReducedOrientationIsEquivalentAndInTheZone() {
        let group = PointGroup(name: "432")!
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<50 {
            let q = UnitQuaternion(EulerAngles.random(using: &generator))
            let r = group.reduced(q)
            XCTAssertTrue(group.contains(r))
            XCTAssertLessThan(group.disorientation(q, r), 1e-7)
            XCTAssertLessThanOrEqual(r.angle, 62.8 * Double.pi / 180 + 1e-9, "432's zone reaches 62.8 degrees")
        }
    }

    func testQuaternionMatrixAndEulerRoundTrip() {
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<50 {
            let e = EulerAngles.random(using: &generator)
            let q = UnitQuaternion(e)
            let m = q.matrix, g = e.sampleToCrystal
            for (a, b) in [(m.row1, g.row1), (m.row2, g.row2), (m.row3, g.row3)] {
                XCTAssertLessThan(largestDifference(a, b), 1e-12)
            }
            XCTAssertLessThan(PointGroup(name: "1")!.disorientation(UnitQuaternion(q.eulerAngles), q), 1e-7)
        }
        let p = UnitQuaternion(axis: SIMD3(0, 0, 1), angle: 0.3), q = UnitQuaternion(axis: SIMD3(1, 0, 0), angle: 0.7)
        let product = (p * q).matrix, expected = p.matrix * q.matrix
        XCTAssertLessThan(largestDifference(product.row1, expected.row1) + largestDifference(product.row3, expected.row3), 1e-12)
    }
}

private func largestDifference(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
    let d = a - b
    return max(abs(d.x), abs(d.y), abs(d.z))
}
