import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The scalings around the network, against their formulas.
final class IntensityRangeTests: XCTestCase {
    private let pattern: [Float] = [20, 70, 120, 45]

    private func normalized(_ range: InputRange, _ type: PixelType) -> [Float] {
        var values = pattern
        values.withUnsafeMutableBufferPointer { range.normalize($0, pixelType: type) }
        return values
    }

    private func restored(_ range: OutputRange, _ output: [Float], _ type: PixelType) -> [Float] {
        var values = output
        values.withUnsafeMutableBufferPointer { range.restore($0, pixelType: type, input: (20, 120)) }
        return values
    }

    func testInputRanges() {
        XCTAssertEqual(normalized(.pattern, .uint8), pattern.map { ($0 - 20) / 100 })
        XCTAssertEqual(normalized(.dtype, .uint8), pattern.map { $0 / 255 })
        XCTAssertEqual(normalized(.dtype, .uint16), pattern.map { $0 / 65535 })
        var flat: [Float] = [5, 5, 5]
        flat.withUnsafeMutableBufferPointer { InputRange.pattern.normalize($0, pixelType: .uint8) }
        XCTAssertEqual(flat, [0, 0, 0], "a flat pattern maps to zero, not NaN")
    }

    func testOutputRangesMapTheNetworksOutputToTheInputsUnits() {
        let output: [Float] = [0.25, 0.5, 0.75, 0.5]
        XCTAssertEqual(restored(.dtype, output, .uint16), output.map { $0 * 65535 })
        // Every other range restores onto the input pattern's own min..max; the writer maps after.
        for range in [OutputRange.pattern, .scan, .stretch] {
            XCTAssertEqual(restored(range, output, .uint8), output.map { $0 * 100 + 20 }, "\(range)")
        }
    }
}
