import KikuchiImage
import XCTest

/// A measurement, not a check of speed: it prints the figure (meaningful only in release builds,
/// `swift test -c release --filter ImageOpsBenchmarkTests`) and asserts only that work was timed.
final class ImageOpsBenchmarkTests: XCTestCase {
    func testMeasureResizeAndCLAHE() throws {
        let result = try ImageOpsBenchmark.run(patterns: 50)
        print("ImageOpsBenchmark:", result)
        XCTAssertEqual(result.patterns, 50)
        XCTAssertGreaterThan(result.seconds, 0)
    }
}
