import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// PCA, exact and randomized, against scikit-learn's full-SVD PCA (Tests/Fixtures/classic/make_fixtures.py).
final class PCATests: XCTestCase {
    private typealias F = ClassicFixtures
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("pca") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func facts() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: F.path("facts.json")))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testReconstructionEqualsScikitLearn() throws {
        for k in [3, 8] {
            let variance = try XCTUnwrap(facts()["pca_\(k)_explained_variance"] as? [Double])
            // 120 patterns: fitted exactly, as scikit-learn's full SVD, to rounding.
            let exact = try PCADenoiser(components: k)
            let out = try F.run(exact, on: "pca_scan_uint8.npy", geometry: MapGeometry(columns: 12, rows: 10), batchSize: 16)
            XCTAssertTrue(exact.usedExactDecomposition)
            try F.assertMatches(out, "pca_\(k)_uint8.npy", minimumNCC: 0.995)
            for (index, (a, b)) in zip(try XCTUnwrap(exact.model).explainedVariance, variance).enumerated() {
                XCTAssertEqual(a, b, accuracy: 1e-6 * b, "exact, component \(index)")
            }
            // The randomized fit, forced: with its automatic iterations even the last of 8
            // components, near the noise floor, comes within 0.2 % (2 plain iterations left it 1.6 % off).
            let randomized = try PCADenoiser(components: k, decomposition: .randomized)
            let approximate = try F.run(randomized, on: "pca_scan_uint8.npy", geometry: MapGeometry(columns: 12, rows: 10), batchSize: 16)
            XCTAssertFalse(randomized.usedExactDecomposition)
            try F.assertMatches(approximate, "pca_\(k)_uint8.npy", minimumNCC: 0.995)
            for (index, (a, b)) in zip(try XCTUnwrap(randomized.model).explainedVariance, variance).enumerated() {
                XCTAssertEqual(a, b, accuracy: 0.002 * b, "randomized, component \(index)")
            }
        }
    }

    func testStreamingBatchSizeDoesNotChangeTheModel() throws {
        let patterns = try F.load("scan_uint8.npy")
        let whole = try RandomizedPCA(components: 4).fit(MemoryScanReader(patterns))
        let small = try RandomizedPCA(components: 4).fit(BatchLimitedReader(patterns, limit: 5))
        XCTAssertEqual(whole.explainedVariance.count, 4)
        for (a, b) in zip(whole.explainedVariance, small.explainedVariance) { XCTAssertEqual(a, b, accuracy: 1e-3 * a) }
    }

    func testModelIsSavedAndReused() throws {
        let file = folder.appendingPathComponent("model.h5").path
        let first = try PCADenoiser(components: 5, modelFile: file)
        let out = try F.run(first)
        XCTAssertFalse(first.reusedModel)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        let second = try PCADenoiser(components: 3, modelFile: file)
        let reader = MemoryScanReader(try F.load("scan_uint8.npy"), geometry: F.square)
        try second.prepare(reader) { _, _, _ in }
        XCTAssertTrue(second.reusedModel)
        XCTAssertEqual(reader.reads, [], "a reused model needs no pass over the scan")
        XCTAssertEqual(second.model, first.model?.leading(3))
        XCTAssertEqual(try F.run(try PCADenoiser(components: 5, modelFile: file)), out)
    }

    func testBadComponentCountsAndModelsAreRefused() throws {
        XCTAssertThrowsError(try PCADenoiser(components: 0, scanPath: "s.h5")) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("s.h5", "--components must be at least 1, not 0"))
        }
        XCTAssertThrowsError(try F.run(try PCADenoiser(components: 100, scanPath: "s.h5"))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("s.h5", "--components 100 exceeds what 72 patterns of 480 pixels allow (at most 72)"))
        }
        let file = folder.appendingPathComponent("model.h5").path
        _ = try F.run(try PCADenoiser(components: 2, modelFile: file))
        XCTAssertThrowsError(try F.run(try PCADenoiser(components: 4, modelFile: file))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(file, "PCA model holds 2 components, fewer than the 4 asked for"))
        }
        let small = PatternBatch(width: 4, height: 5, pixelType: .uint8, count: 3)
        XCTAssertThrowsError(
            try DenoiseJob(denoiser: try PCADenoiser(components: 2, modelFile: file, scanPath: "t.npy"))
                .run(from: MemoryScanReader(small), to: MemoryScanWriter(scan: MemoryScanReader(small).scan))
        ) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(file, "PCA model is for 24 x 20 patterns, not the 4 x 5 of t.npy"))
        }
        let notAModel = folder.appendingPathComponent("other.h5").path
        try SyntheticPatterns.write(small, to: notAModel)
        XCTAssertThrowsError(try F.run(try PCADenoiser(components: 2, modelFile: notAModel))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(notAModel, "is not a PCA model written by kikuchi (no kikuchi_pca_version, components)"))
        }
    }
}

/// A reader whose batches never exceed `limit` patterns, to exercise streaming.
final class BatchLimitedReader: PatternReader {
    let scan: ScanDescription
    let patterns: PatternBatch
    let limit: Int

    init(_ patterns: PatternBatch, limit: Int) {
        self.patterns = patterns
        self.limit = limit
        scan = ScanDescription(width: patterns.width, height: patterns.height, count: patterns.count, pixelType: patterns.pixelType)
    }

    func read(_ range: Range<Int>) throws -> PatternBatch { patterns.slice(range) }
    func batchSize(forBytes bytes: Int) -> Int { limit }
}
