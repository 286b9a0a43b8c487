import Foundation
import KikuchiIndex
import KikuchiSim
import KikuchiTestSupport
import XCTest

/// `Tests/Fixtures/index/ipf.json`, written by orix (make_ipf_fixture.py): random orientations and
/// the sample normal's crystal direction in each Laue group's fundamental sector.
private struct IPFFixture: Decodable {
    struct Sector: Decodable {
        var direction: [[Double]]
        var vertices: [[Double]]
    }

    var euler: [[Double]]
    var sectors: [String: Sector]
}

final class IPFColourKeyTests: XCTestCase {
    func testSectorDirectionsAreOrixs() throws {
        let fixture = try JSONDecoder().decode(IPFFixture.self, from: Data(contentsOf: TestPaths.fixture("index/ipf.json")))
        for (name, sector) in fixture.sectors {
            let key = IPFColourKey(group: try XCTUnwrap(PointGroup(name: name)))
            for (angles, expected) in zip(fixture.euler, sector.direction) {
                let d = 180 / Double.pi
                let q = UnitQuaternion(EulerAngles(phi1: angles[0] * d, Phi: angles[1] * d, phi2: angles[2] * d))
                let found = key.sector(q.matrix * SIMD3(0, 0, 1))
                let difference = found - SIMD3(expected[0], expected[1], expected[2])
                XCTAssertLessThan((difference * difference).sum().squareRoot(), 1e-9, "\(name) \(angles)")
            }
            for vertex in sector.vertices {
                let v = SIMD3(vertex[0], vertex[1], vertex[2])
                XCTAssertTrue(key.corners.contains { (($0 - v) * ($0 - v)).sum() < 1e-18 }, "\(name): orix's corner \(vertex)")
            }
        }
    }

    func testCornersArePureColoursAndEquivalentDirectionsShareOne() {
        let key = IPFColourKey(group: PointGroup(name: "432")!)
        XCTAssertEqual(key.colour(ofDirection: SIMD3(0, 0, 1)), SIMD3(1, 0, 0))
        XCTAssertEqual(key.colour(ofDirection: SIMD3(0, -1, 1)), SIMD3(0, 1, 0))
        let blue = key.colour(ofDirection: SIMD3(-1, 1, -1))
        XCTAssertEqual(blue.x, 0, accuracy: 1e-12)
        XCTAssertEqual(blue.y, 0, accuracy: 1e-12)
        XCTAssertEqual(blue.z, 1, accuracy: 1e-12)
        // [123] and its equivalents under m-3m ([-3, 2, -1]: a permutation with signs).
        let a = key.colour(ofDirection: SIMD3(1, 2, 3)), b = key.colour(ofDirection: SIMD3(-3, 2, -1))
        XCTAssertLessThan(((a - b) * (a - b)).sum(), 1e-20)
        // Between the corners every channel is on, none saturated but the largest.
        XCTAssertTrue(a.x > 0 && a.y > 0 && a.z > 0 && [a.x, a.y, a.z].max() == 1)
        let hex = IPFColourKey(group: PointGroup(name: "6")!)
        XCTAssertEqual(hex.colour(ofDirection: SIMD3(0, 0, -1)), SIMD3(1, 0, 0))
        XCTAssertEqual(hex.rgb([.identity]), [255, 0, 0])
    }
}
