import Foundation
import KikuchiImage
import XCTest

/// A measurement, not a check of speed: it prints the figure and asserts only that work was timed.
/// The figure means something only in a release build; benchmarks/imageops/run.sh runs it that way
/// with KIKUCHI_BENCH_PATTERNS=2000 beside OpenCV.
final class ImageOpsBenchmarkTests: XCTestCase {
    func testMeasureResizeAndCLAHE() throws {
        let patterns = ProcessInfo.processInfo.environment["KIKUCHI_BENCH_PATTERNS"].flatMap { Int($0) } ?? 50
        let result = try ImageOpsBenchmark.run(patterns: patterns)
        print("ImageOpsBenchmark:", result)
        XCTAssertEqual(result.patterns, patterns)
        XCTAssertGreaterThan(result.seconds, 0)
        XCTAssertGreaterThan(result.cpuSeconds, 0)
    }
}
