import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The fast paths of writing integer outputs give exactly what rounding does: the level of a
/// mapped value (ties away from zero, clamped, NaN to 0), and the extremes read in place.
final class OutputLevelTests: XCTestCase {
    func testLevelsAreTheRoundedClampedValues() {
        var random = SystemRandomNumberGenerator()
        let top = 65_535.0
        let ties = (0..<2_000).map { Double($0) + 0.5 }
        let near = [0.5, 0.5.nextDown, 0.5.nextUp, 0.25, 1e-300, -0.5, -0.49, top - 0.5, (top - 0.5).nextDown, top, top + 0.4, 1e300, -1e300]
        let drawn = (0..<20_000).map { _ in Double.random(in: -10...top + 10, using: &random) }
        for value in ties + near + drawn {
            let expected = Int(min(max(value.rounded(), 0), top))
            XCTAssertEqual(OutputPlan.level(of: value, top: top), expected, "\(value)")
        }
        XCTAssertEqual(OutputPlan.level(of: .nan, top: top), 0)
        XCTAssertEqual(OutputPlan.level(of: .infinity, top: 255), 255)
        XCTAssertEqual(OutputPlan.level(of: -.infinity, top: 255), 0)
    }

    func testExtremesSkipWhatIsNotFinite() {
        var batch = PatternBatch(width: 5, height: 3, pixelType: .float32, count: 2)
        var values = (0..<15).map { Float($0) - 4 }
        values[3] = .nan
        values[11] = .infinity
        batch.setPattern(0, from: values)
        values[9] = -.infinity
        values[14] = 99
        batch.setPattern(1, from: values)
        let extremes = batch.finiteExtremes()
        XCTAssertEqual(extremes?.low, -4)
        XCTAssertEqual(extremes?.high, 99)
        var flat = PatternBatch(width: 2, height: 2, pixelType: .float32, count: 1)
        flat.setPattern(0, from: [.nan, .infinity, -.infinity, .nan])
        XCTAssertNil(flat.finiteExtremes())
        var sixteen = PatternBatch(width: 3, height: 1, pixelType: .uint16, count: 1)
        sixteen.setPattern(0, from: [7, 65_535, 3])
        XCTAssertEqual(sixteen.finiteExtremes()?.low, 3)
        XCTAssertEqual(sixteen.finiteExtremes()?.high, 65_535)
    }
}
