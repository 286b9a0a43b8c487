import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiImage
import KikuchiTestSupport
import XCTest

final class PatternStepsTests: XCTestCase {
    func testResizeThenCLAHEInTheScansOwnType() throws {
        let batch = SyntheticPatterns.batch(width: 40, height: 30, count: 3, pixelType: .uint16)
        let scan = ScanDescription(width: 40, height: 30, count: 3, pixelType: .uint16)
        let steps = PatternSteps(resize: (24, 20), clahe: CLAHESettings(clipLimit: 3, tiles: 4, bins16: 256))
        let out = try steps.makeTransform(for: scan, path: "s.up2")(batch)
        XCTAssertEqual([out.width, out.height, out.count], [24, 20, 3])
        XCTAssertEqual(out.pixelType, .uint16)
        // The same operations by hand, pattern 1.
        let image = try Image<UInt16>(width: 40, height: 30, pixels: batch.pixels(of: 1, as: UInt16.self))
        let resized = try ResizePlan(sourceWidth: 40, sourceHeight: 30, targetWidth: 24, targetHeight: 20, interpolation: .linear).apply(image)
        let expected = try CLAHE(clipLimit: 3, tiles: 4).apply(resized, bins: 256)
        XCTAssertEqual(out.pixels(of: 1, as: UInt16.self), expected.pixels)
    }

    func testCLAHEOnFloatPatternsIsRefusedNamingTheFile() {
        let scan = ScanDescription(width: 8, height: 8, count: 1, pixelType: .float32)
        XCTAssertThrowsError(try PatternSteps(clahe: CLAHESettings(clipLimit: 2)).makeTransform(for: scan, path: "f.npy")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("f.npy", "CLAHE needs 8- or 16-bit patterns; this scan is float32 (convert with --depth first)"))
        }
    }

    func testBadSettingsBecomeOneLineErrors() {
        let scan = ScanDescription(width: 8, height: 8, count: 1, pixelType: .uint8)
        XCTAssertThrowsError(
            try PatternSteps(clahe: CLAHESettings(clipLimit: 2, tiles: 4, bins16: 100))
                .makeTransform(for: scan.with(pixelType: .uint16), path: "a.up2")
        ) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("a.up2", "CLAHE bins for 16-bit patterns must be a power of two from 2 to 65536, not 100"))
        }
        XCTAssertThrowsError(try PatternSteps(resize: (0, 5)).makeTransform(for: scan, path: "a.up1")) { error in
            guard case let KikuchiError.badInput(file, problem) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "a.up1")
            XCTAssertFalse(problem.isEmpty)
            XCTAssertFalse(problem.contains("\n"))
        }
    }
}
