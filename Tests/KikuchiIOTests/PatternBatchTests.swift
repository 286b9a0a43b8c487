import KikuchiIO
import KikuchiTestSupport
import XCTest

/// The batch's pixel access: values in their own units, and exact integer totals.
final class PatternBatchTests: XCTestCase {
    func testIntegerTotalsAreThePixelSums() {
        for type in [PixelType.uint8, .uint16] {
            let batch = SyntheticPatterns.batch(width: 7, height: 5, count: 9, pixelType: type)
            var totals = [UInt64](repeating: 3, count: batch.pixelsPerPattern)
            totals.withUnsafeMutableBufferPointer { batch.addIntegerPixels(to: $0) }
            var expected = [Double](repeating: 3, count: batch.pixelsPerPattern)
            for index in 0..<batch.count {
                for (i, value) in batch.floats(of: index).enumerated() { expected[i] += Double(value) }
            }
            XCTAssertEqual(totals.map { Double($0) }, expected, "\(type)")
            XCTAssertGreaterThan(expected.max() ?? 0, 3 + Double(batch.count), "\(type): the batch holds more than zeros")
        }
    }

    func testFloatsIntoABufferEqualTheArray() {
        for type in [PixelType.uint8, .uint16, .float32] {
            let batch = SyntheticPatterns.batch(width: 6, height: 4, count: 3, pixelType: type)
            var buffer = [Float](repeating: -1, count: batch.pixelsPerPattern)
            buffer.withUnsafeMutableBufferPointer { batch.floats(of: 2, into: $0) }
            XCTAssertEqual(buffer, batch.floats(of: 2), "\(type)")
            XCTAssertNotEqual(buffer, batch.floats(of: 1), "\(type): another pattern differs")
        }
    }
}
