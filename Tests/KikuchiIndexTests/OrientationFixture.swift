import Foundation
import KikuchiTestSupport

/// `Tests/Fixtures/index/orientations.json`, written by orix (make_index_fixtures.py).
struct OrientationFixture: Decodable {
    struct Fundamental: Decodable {
        var group: String
        var steps: Int
        var count: Int
        var quaternions: [[Double]]?
    }

    struct Pair: Decodable {
        var group: String
        var a: [Double]
        var b: [Double]
        var degrees: Double
    }

    var cube_points: [[Double]]
    var cube_quaternions: [[Double]]
    var fundamental: [Fundamental]
    var disorientation: [Pair]

    static func load() throws -> OrientationFixture {
        try JSONDecoder().decode(OrientationFixture.self, from: Data(contentsOf: TestPaths.fixture("index/orientations.json")))
    }
}
