import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Static and dynamic background correction against kikuchipy 0.13 (Tests/Fixtures/classic/make_fixtures.py).
final class BackgroundCorrectionTests: XCTestCase {
    private typealias F = ClassicFixtures

    func testStaticSubtractFromAFileEqualsKikuchipy() throws {
        let out = try F.run(StaticBackgroundCorrection(source: .file(F.path("background_uint8.npy"))))
        try F.assertMatches(out, "static_subtract_uint8.npy", minimumNCC: 0.999)
        // kikuchipy truncates toward zero as NumPy's astype does; at most a float rounding step apart.
        XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(out), try F.load("static_subtract_uint8.npy")), 1)
    }

    func testStaticBackgroundFromAnImageFile() throws {
        let out = try F.run(
            StaticBackgroundCorrection(
                source: .file(F.path("background_uint8.png")),
                removal: BackgroundRemoval(operation: .divide)))
        try F.assertMatches(out, "static_divide_uint8.npy", minimumNCC: 0.999)
    }

    func testStaticScaledBackgroundEqualsKikuchipyScaleBg() throws {
        let out = try F.run(
            StaticBackgroundCorrection(
                source: .file(F.path("background_uint8.npy")),
                removal: BackgroundRemoval(scaleBackground: true)))
        try F.assertMatches(out, "static_subtract_scalebg_uint8.npy", minimumNCC: 0.999)
    }

    func testStaticSixteenBit() throws {
        let out = try F.run(StaticBackgroundCorrection(source: .file(F.path("background_uint16.npy"))), on: "scan_uint16.npy")
        try F.assertMatches(out, "static_subtract_uint16.npy", minimumNCC: 0.999)
    }

    func testStaticScanMeanIsComputedInPrepare() throws {
        let out = try F.run(StaticBackgroundCorrection(source: .scanMean))
        try F.assertMatches(out, "static_mean_subtract_uint8.npy", minimumNCC: 0.999)
        // Without a header background, automatic falls back to the scan mean.
        XCTAssertEqual(try F.run(StaticBackgroundCorrection(source: .automatic)), out)
    }

    func testStaticBackgroundFromTheH5ebsdHeader() throws {
        let folder = try TestPaths.scratchFolder("static-header")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scan.h5").path
        let patterns = try F.load("scan_uint8.npy")
        let scan = ScanDescription(
            width: patterns.width, height: patterns.height, count: patterns.count,
            pixelType: .uint8, geometry: F.square)
        let writer = try XCTUnwrap(try ScanIO.createWriter(path, scan: scan) as? H5EBSDWriter)
        try writer.write(patterns, at: 0)
        try writer.setStaticBackground(try F.load("background_uint8.npy"))
        try writer.finish()
        let reader = try ScanIO.openReader(path)
        for source in [StaticBackgroundSource.header, .automatic] {
            let output = MemoryScanWriter(scan: reader.scan)
            try DenoiseJob(denoiser: StaticBackgroundCorrection(source: source)).run(from: reader, to: output)
            XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(output.patterns), try F.load("static_subtract_uint8.npy")), 1)
        }
    }

    func testStaticRelativeIntensitiesUseOneScanWideStretch() throws {
        let out = try F.run(
            StaticBackgroundCorrection(
                source: .file(F.path("background_uint8.npy")),
                removal: BackgroundRemoval(keepRelativeIntensities: true)))
        try F.assertMatches(out, "static_subtract_relative_uint8.npy", minimumNCC: 0.999)
        XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(out), try F.load("static_subtract_relative_uint8.npy")), 1)
    }

    func testDynamicSubtractEqualsKikuchipySpatial() throws {
        let denoiser = try DynamicBackgroundCorrection()
        XCTAssertEqual(denoiser.effectiveSigma(width: 24), 3)
        let out = try F.run(denoiser)
        try F.assertMatches(out, "dynamic_subtract_uint8.npy", minimumNCC: 0.999)
        XCTAssertLessThanOrEqual(F.maxDifference(F.truncated(out), try F.load("dynamic_subtract_uint8.npy")), 1)
        // kikuchipy's default frequency-domain filter uses a shorter window; close, not equal.
        XCTAssertGreaterThanOrEqual(F.worstNCC(out, try F.load("dynamic_subtract_frequency_uint8.npy")), 0.95)
    }

    func testDynamicDivideWithSigma() throws {
        let out = try F.run(try DynamicBackgroundCorrection(sigma: 2.5, removal: BackgroundRemoval(operation: .divide)))
        try F.assertMatches(out, "dynamic_divide_sigma2.5_uint8.npy", minimumNCC: 0.999)
    }

    func testFloatOutputUsesKikuchipysMinusOneToOneRange() throws {
        let input = try F.load("scan_uint8.npy")
        var floats = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: input.count)
        for i in 0..<input.count { floats.setPattern(i, from: input.floats(of: i)) }
        let reader = MemoryScanReader(floats, geometry: F.square)
        let writer = MemoryScanWriter(scan: reader.scan)
        try DenoiseJob(denoiser: try DynamicBackgroundCorrection()).run(from: reader, to: writer)
        let values = writer.patterns.floats(of: 3)
        XCTAssertEqual(values.min(), -1)
        XCTAssertEqual(values.max(), 1)
        XCTAssertGreaterThanOrEqual(F.worstNCC(writer.patterns, try F.load("dynamic_subtract_uint8.npy")), 0.999)
    }

    func testBackgroundOfTheWrongSizeIsRefused() throws {
        let denoiser = StaticBackgroundCorrection(source: .file(F.path("background_wrong_size.npy")), scanPath: "scan.npy")
        XCTAssertThrowsError(try F.run(denoiser)) { error in
            XCTAssertEqual(
                error as? KikuchiError,
                .badInput(
                    F.path("background_wrong_size.npy"),
                    "background is 26 x 20 pixels but the patterns of scan.npy are 24 x 20"))
        }
    }

    func testBackgroundScanWithSeveralPatternsIsRefused() throws {
        let denoiser = StaticBackgroundCorrection(source: .file(F.path("scan_uint8.npy")))
        XCTAssertThrowsError(try F.run(denoiser)) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(F.path("scan_uint8.npy"), "a background file must hold one pattern, not 72"))
        }
    }

    func testMissingBackgroundFileAndHeaderAreRefused() throws {
        XCTAssertThrowsError(try F.run(StaticBackgroundCorrection(source: .file("/nonexistent/bg.png")))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("/nonexistent/bg.png", "background file not found"))
        }
        XCTAssertThrowsError(try F.run(StaticBackgroundCorrection(source: .header, scanPath: "scan.npy"))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("scan.npy", "has no static background in its header; give one with --background FILE"))
        }
    }

    func testBadSigmaIsRefused() {
        XCTAssertThrowsError(try DynamicBackgroundCorrection(sigma: 0, scanPath: "s.up1")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("s.up1", "--sigma must be a positive number of pixels, not 0.0"))
        }
    }
}
