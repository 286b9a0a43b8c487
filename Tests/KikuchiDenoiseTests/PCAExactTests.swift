import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// The exact PCA fit and the randomized one against scikit-learn's full SVD on a small noisy scan
/// (Tests/Fixtures/pca/make_fixture.py), and the choice between them.
final class PCAExactTests: XCTestCase {
    private typealias F = ClassicFixtures
    private static let map = MapGeometry(columns: 14, rows: 12)

    private func load(_ name: String) throws -> PatternBatch {
        let reader = try NPYReader(path: TestPaths.fixture("pca/\(name)").path)
        return try reader.read(0..<reader.scan.count)
    }

    private func scikitLearnVariance() throws -> [Double] {
        let data = try Data(contentsOf: TestPaths.fixture("pca/facts.json"))
        let facts = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(facts["explained_variance"] as? [Double])
    }

    /// Runs `pca` through a `DenoiseJob` over the fixture scan and returns the worst per-pattern
    /// NCC against scikit-learn's reconstruction (compared as values, whatever the output type).
    private func worstNCCAgainstFullSVD(_ pca: PCADenoiser, batchSize: Int = 16) throws -> Double {
        let scan = try load("scan_uint16.npy")
        let reader = MemoryScanReader(scan, geometry: Self.map)
        let writer = MemoryScanWriter(scan: pca.outputScan(for: reader.scan))
        try DenoiseJob(denoiser: pca, batchSize: batchSize).run(from: reader, to: writer)
        XCTAssertTrue(writer.finished)
        let reference = try load("full_svd_12_float32.npy")
        XCTAssertEqual([writer.patterns.width, writer.patterns.height, writer.patterns.count], [60, 60, 168])
        XCTAssertEqual(reference.count, 168)
        return F.worstNCC(writer.patterns, reference)
    }

    func testSmallScanIsFittedExactlyAsTheFullSVD() throws {
        let pca = try PCADenoiser(components: 12)
        let worst = try worstNCCAgainstFullSVD(pca)
        XCTAssertTrue(pca.usedExactDecomposition, "168 patterns of 60 x 60 are within the exact fit's bounds")
        XCTAssertEqual(pca.exactRoute, .gram)
        XCTAssertNil(pca.powerIterationsMade)
        XCTAssertGreaterThanOrEqual(worst, 0.999, "exact fit: worst NCC \(worst) against scikit-learn's full SVD")
        let model = try XCTUnwrap(pca.model)
        // The same eigenproblem in double: variances to rounding, even the near-equal noise ones.
        for (index, (mine, theirs)) in zip(model.explainedVariance, try scikitLearnVariance()).enumerated() {
            XCTAssertEqual(mine, theirs, accuracy: 1e-6 * theirs, "component \(index)")
        }
        // And the components themselves, signs included (scikit-learn's svd_flip).
        let theirs = try load("components_12_float32.npy")
        let p = 3600
        for c in 0..<12 {
            let row = theirs.floats(of: c)
            var dot = 0.0
            for j in 0..<p { dot += Double(model.components[c * p + j]) * Double(row[j]) }
            XCTAssertGreaterThan(dot, 0.9999, "component \(c)")
        }
    }

    func testRandomizedFitOfTheSmallScanComesWithinTheFullSVD() throws {
        let pca = try PCADenoiser(components: 12, decomposition: .randomized)
        let worst = try worstNCCAgainstFullSVD(pca)
        XCTAssertFalse(pca.usedExactDecomposition)
        XCTAssertNil(pca.exactRoute)
        let iterations = try XCTUnwrap(pca.powerIterationsMade)
        XCTAssertGreaterThanOrEqual(iterations, 7, "at least scikit-learn's automatic count")
        XCTAssertLessThanOrEqual(iterations, PCADenoiser.automaticMaximumIterations)
        XCTAssertGreaterThanOrEqual(worst, 0.999, "randomized fit (\(iterations) power iterations): worst NCC \(worst)")
    }

    func testScikitLearnsSevenIterationsAloneFallShortOnTheSmallScan() throws {
        // Why the randomized fit iterates on: its flat noise spectrum past the grains' components.
        let pca = try PCADenoiser(components: 12, powerIterations: 7, decomposition: .randomized)
        let worst = try worstNCCAgainstFullSVD(pca)
        XCTAssertEqual(pca.powerIterationsMade, 7, "--power-iterations is kept as asked")
        XCTAssertLessThan(worst, 0.999)
    }

    func testTheRoutesAndTheirBounds() {
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 168, pixels: 3600, sketchColumns: 22, powerIterations: 7), .gram)
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 4096, pixels: 120 * 120, sketchColumns: 22, powerIterations: 7), .gram)
        // 4096 patterns of 128 x 128 are 256 MiB of float32 exactly; one more pixel row is not.
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 4096, pixels: 128 * 128, sketchColumns: 22, powerIterations: 7), .gram)
        XCTAssertNil(ExactPCA.affordableRoute(patterns: 4096, pixels: 128 * 129, sketchColumns: 22, powerIterations: 7))
        XCTAssertNil(ExactPCA.affordableRoute(patterns: 4097, pixels: 3600, sketchColumns: 22, powerIterations: 7))
        // Many small patterns: the scatter matrix while P <= 4 (q + 1) L (704 here).
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 100_000, pixels: 704, sketchColumns: 22, powerIterations: 7), .covariance)
        XCTAssertNil(ExactPCA.affordableRoute(patterns: 100_000, pixels: 705, sketchColumns: 22, powerIterations: 7))
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 100_000, pixels: 3520, sketchColumns: 110, powerIterations: 7), .covariance)
        XCTAssertNil(ExactPCA.affordableRoute(patterns: 100_000, pixels: 3521, sketchColumns: 110, powerIterations: 7))
        // And never past 4096 pixels (a P x P matrix of doubles of 128 MiB).
        XCTAssertEqual(ExactPCA.affordableRoute(patterns: 100_000, pixels: 4096, sketchColumns: 200, powerIterations: 7), .covariance)
        XCTAssertNil(ExactPCA.affordableRoute(patterns: 100_000, pixels: 4097, sketchColumns: 200, powerIterations: 7))
    }

    func testCovarianceRouteGivesTheGramRoutesModel() throws {
        let patterns = try F.load("pca_scan_uint8.npy")
        let gram = try ExactPCA(components: 8, route: .gram).fit(MemoryScanReader(patterns))
        // Batches of 5: the provisional mean comes from the first 5 patterns only.
        let covariance = try ExactPCA(components: 8, route: .covariance).fit(BatchLimitedReader(patterns, limit: 5))
        let p = patterns.pixelsPerPattern
        for (a, b) in zip(gram.mean, covariance.mean) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        for (a, b) in zip(gram.explainedVariance, covariance.explainedVariance) { XCTAssertEqual(a, b, accuracy: 1e-8 * b) }
        for c in 0..<8 {
            var dot = 0.0
            for j in 0..<p { dot += Double(gram.components[c * p + j]) * Double(covariance.components[c * p + j]) }
            XCTAssertEqual(dot, 1, accuracy: 1e-5, "component \(c)")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: F.path("facts.json")))
        let facts = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let variance = try XCTUnwrap(facts["pca_8_explained_variance"] as? [Double])
        for (a, b) in zip(covariance.explainedVariance, variance) { XCTAssertEqual(a, b, accuracy: 1e-6 * b) }
    }

    func testAllComponentsOfASmallScanGiveItsPatternsBack() throws {
        // 72 patterns: the centred data has rank 71, so the 72nd component holds nothing and
        // must add nothing (it is stored as zeros, not as a direction made of rounding).
        let pca = try PCADenoiser(components: 72)
        let out = try F.run(pca)
        XCTAssertEqual(pca.exactRoute, .gram)
        let model = try XCTUnwrap(pca.model)
        XCTAssertEqual(model.explainedVariance[71], 0, accuracy: 1e-6 * model.explainedVariance[0])
        XCTAssertTrue(model.components[71 * 480..<72 * 480].allSatisfy { $0 == 0 })
        XCTAssertLessThan(F.maxDifference(out, try F.load("scan_uint8.npy")), 0.51)
    }

    func testExactFitIsRefusedWhereItDoesNotFit() throws {
        let big = PatternBatch(width: 65, height: 64, pixelType: .uint8, count: 4097)
        let pca = try PCADenoiser(components: 2, scanPath: "big.up1", decomposition: .exact)
        XCTAssertThrowsError(try pca.prepare(MemoryScanReader(big)) { _, _, _ in }) { error in
            XCTAssertEqual(
                error as? KikuchiError,
                .badInput(
                    "big.up1",
                    "an exact PCA of 4097 patterns of 4160 pixels needs more memory than it may take (at most 4096 patterns of 256 MiB together, or 4096 pixels)"
                ))
        }
    }
}
