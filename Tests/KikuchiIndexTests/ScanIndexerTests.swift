import Foundation
import KikuchiIO
import KikuchiIndex
import KikuchiSim
import KikuchiTestSupport
import XCTest

/// `Tests/Fixtures/index/indexing.json`: kikuchipy's dictionary indexing and refinement of
/// `scan.npy` (make_index_fixtures.py).
private struct IndexingFixture: Decodable {
    struct Map: Decodable {
        var rows: Int
        var columns: Int
    }

    var resolution: Double
    var shape: [Int]
    var map: Map
    var pc_bruker: [Double]
    var sample_tilt: Double
    var elevation: Double
    var background_sigma: Double
    var dictionary_size: Int
    var truth: [[Double]]
    var indexed: [[Double]]
    var indexed_scores: [Double]
    var refined: [[Double]]
    var refined_scores: [Double]

    static func load() throws -> IndexingFixture {
        try JSONDecoder().decode(IndexingFixture.self, from: Data(contentsOf: TestPaths.fixture("index/indexing.json")))
    }
}

/// `Tests/Fixtures/index/hough.json`: PyEBSDIndex's Hough indexing of the same patterns
/// (make_hough_fixture.py), the second reference.
private struct HoughFixture: Decodable {
    var euler: [[Double]]
    var nmatch: [Int]

    static func load() throws -> HoughFixture {
        try JSONDecoder().decode(HoughFixture.self, from: Data(contentsOf: TestPaths.fixture("index/hough.json")))
    }
}

/// `Tests/Fixtures/index/check_pc_refinement.json`: kikuchipy's and kikuchi's mean refined
/// pattern centres of the same scan from a centre 0.015 off (check_pc_refinement.py).
private struct CentreFixture: Decodable {
    struct Refined: Decodable {
        var mean: [Double]
    }

    var truth: [Double]
    var start: [Double]
    var kikuchipy: Refined

    static func load() throws -> CentreFixture {
        try JSONDecoder().decode(CentreFixture.self, from: Data(contentsOf: TestPaths.fixture("index/check_pc_refinement.json")))
    }
}

private func orientation(_ e: [Double]) -> UnitQuaternion { UnitQuaternion(EulerAngles(phi1: e[0], Phi: e[1], phi2: e[2])) }

final class ScanIndexerTests: XCTestCase {
    private static let cubic = PointGroup(name: "432")!

    private func indexer(_ fixture: IndexingFixture, refine: Bool, candidates: Int = 1, centre: [Double]? = nil) throws -> ScanIndexer {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let master = try EMsoftMasterPatternFile.read(
            data.appendingPathComponent("kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5").path, energy: 20
        ).pattern
        let pc = centre ?? fixture.pc_bruker
        let detector = DetectorGeometry(
            width: fixture.shape[1], height: fixture.shape[0], patternCentre: PatternCentre(brukerX: pc[0], y: pc[1], z: pc[2]),
            sampleTilt: fixture.sample_tilt, elevation: fixture.elevation)
        var settings = ScanIndexer.Settings()
        settings.resolution = fixture.resolution
        settings.refine = refine
        settings.candidates = candidates
        settings.backgroundSigma = fixture.background_sigma
        settings.threads = 2
        return try ScanIndexer(master: master, detector: detector, group: Self.cubic, settings: settings)
    }

    /// Matching and refinement of kikuchipy's simulated scan: the dictionary is orix's, the matches
    /// are kikuchipy's (within the dictionary's resolution, most the same entry), the refined
    /// orientations within 0.1 degree of kikuchipy's or a better fit than kikuchipy's, all within
    /// 1 degree of the truth.
    func testIndexesAndRefinesAsKikuchipy() throws {
        let fixture = try IndexingFixture.load()
        let indexer = try indexer(fixture, refine: true)
        XCTAssertEqual(indexer.orientations.count, fixture.dictionary_size)
        let path = TestPaths.fixture("index/scan.npy").path
        let reader = try ScanIO.openReader(path)
        let matches = try indexer.match(reader, scanPath: path)
        var sameEntry = 0
        for (k, match) in matches.enumerated() {
            let ours = indexer.orientations[match.entry], theirs = orientation(fixture.indexed[k])
            let apart = Self.cubic.disorientation(ours, theirs) * 180 / .pi
            XCTAssertLessThanOrEqual(apart, fixture.resolution, "pattern \(k): \(apart) degrees from kikuchipy's match")
            if apart < 0.01 { sameEntry += 1 }
            XCTAssertEqual(Double(match.score), fixture.indexed_scores[k], accuracy: 0.02, "pattern \(k)")
        }
        XCTAssertGreaterThanOrEqual(sameEntry, matches.count * 3 / 4, "most matches are kikuchipy's own dictionary entry")

        let (rows, summary) = try indexer.rows(reader, matches: matches)
        XCTAssertEqual(rows.count, matches.count)
        XCTAssertTrue(summary.refined)
        let hough = try HoughFixture.load()
        for (k, row) in rows.enumerated() {
            let ours = UnitQuaternion(row.orientation)
            let fromKikuchipy = Self.cubic.disorientation(ours, orientation(fixture.refined[k])) * 180 / .pi
            let fromTruth = Self.cubic.disorientation(ours, orientation(fixture.truth[k])) * 180 / .pi
            // Where the two differ by more, kikuchipy's simplex (on Euler angles) stopped short of
            // the optimum or the optimum is flat there: ours must fit at least as well.
            if fromKikuchipy >= 0.1 {
                XCTAssertGreaterThanOrEqual(Double(row.confidence), fixture.refined_scores[k] - 1e-5, "pattern \(k): \(fromKikuchipy) degrees from kikuchipy")
            } else {
                XCTAssertEqual(Double(row.confidence), fixture.refined_scores[k], accuracy: 0.005, "pattern \(k)")
            }
            XCTAssertLessThan(fromTruth, 1, "pattern \(k)")
            // PyEBSDIndex's Hough indexing (at least 5 bands matched on every pattern here) lies
            // within 0.65 degrees of the truth; the refined orientation within a degree of it.
            XCTAssertGreaterThanOrEqual(hough.nmatch[k], 5)
            let fromHough = Self.cubic.disorientation(ours, orientation(hough.euler[k])) * 180 / .pi
            XCTAssertLessThan(fromHough, 1, "pattern \(k): \(fromHough) degrees from PyEBSDIndex's Hough solution")
            XCTAssertGreaterThanOrEqual(Double(row.confidence), Double(matches[k].score), "refinement never lowers the score")
        }
    }

    /// The entries kept per pattern are the best of the whole dictionary, best first, across chunk
    /// borders, with the same best entry as when one is kept.
    func testKeptEntriesAreTheBestOfTheDictionary() throws {
        let fixture = try IndexingFixture.load()
        let scanIndexer = try indexer(fixture, refine: false)
        let path = TestPaths.fixture("index/scan.npy").path
        let reader = PatternRangeReader(try ScanIO.openReader(path), range: 0..<6)
        let dictionary = Array(scanIndexer.orientations.prefix(1500))
        let pixels = fixture.shape[0] * fixture.shape[1]
        func dictionaryIndexer(keep: Int) -> DictionaryIndexer {
            DictionaryIndexer(
                projector: scanIndexer.projector, orientations: dictionary, standardisation: scanIndexer.standardisation, threads: 2,
                chunkBytes: 400 * pixels * 4, keep: keep)
        }
        let kept = try dictionaryIndexer(keep: 7).index(reader)
        let single = try dictionaryIndexer(keep: 1).index(reader)
        let simulated = dictionaryIndexer(keep: 1).simulate(0..<dictionary.count)
        let patterns = try scanIndexer.standardised(reader, 0..<reader.scan.count)
        for k in 0..<reader.scan.count {
            var scores = [(entry: Int, score: Float)]()
            for j in 0..<dictionary.count {
                var sum: Float = 0
                for i in 0..<pixels { sum += patterns[k * pixels + i] * simulated[j * pixels + i] }
                scores.append((j, sum))
            }
            scores.sort { $0.score > $1.score }
            let candidates = kept[k].candidates
            XCTAssertEqual(candidates.count, 7)
            XCTAssertEqual(kept[k].entry, single[k].entry, "pattern \(k): the best entry does not depend on how many are kept")
            XCTAssertEqual(kept[k].compared, dictionary.count)
            for (rank, candidate) in candidates.enumerated() {
                XCTAssertEqual(candidate.score, scores[rank].score, accuracy: 1e-4, "pattern \(k), rank \(rank)")
                if rank > 0 { XCTAssertLessThanOrEqual(candidate.score, candidates[rank - 1].score) }
            }
        }
    }

    /// Refinement from several candidates reaches the truth where the best match lies in the wrong
    /// place and one start cannot; a start near the one taken is not taken again.
    func testRefinementFromSeveralCandidatesKeepsTheBestFit() throws {
        let fixture = try IndexingFixture.load()
        let path = TestPaths.fixture("index/scan.npy").path
        let reader = PatternRangeReader(try ScanIO.openReader(path), range: 0..<3)
        let one = try indexer(fixture, refine: true)
        let two = try indexer(fixture, refine: true, candidates: 2)
        // The entry nearest the truth made a runner-up behind an entry far from it and a
        // neighbour of the false one that must be passed over.
        var misled = [DictionaryIndexer.Match]()
        for k in 0..<3 {
            let truth = orientation(fixture.truth[k])
            let nearest = one.orientations.indices.min {
                one.group.disorientation(one.orientations[$0], truth) < one.group.disorientation(one.orientations[$1], truth)
            }!
            let match = DictionaryIndexer.Match(entry: nearest, score: Float(fixture.indexed_scores[k]))
            let right = one.orientations[match.entry]
            let far = one.orientations.indices.first { one.group.disorientation(one.orientations[$0], right) > 30 * .pi / 180 }!
            let beside = one.orientations.indices.first {
                $0 != far && one.group.disorientation(one.orientations[$0], one.orientations[far]) < fixture.resolution * .pi / 180
            }!
            var wrong = DictionaryIndexer.Match(entry: far, score: match.score + 0.1)
            wrong.runnersUp = [.init(entry: beside, score: match.score + 0.05), .init(entry: match.entry, score: match.score)]
            misled.append(wrong)
        }
        XCTAssertEqual(two.starts(of: misled[0]).count, 2, "the neighbour of the first start is not a second start")
        let (alone, _) = try one.rows(reader, matches: misled)
        let (several, _) = try two.rows(reader, matches: misled)
        for k in 0..<3 {
            let truth = orientation(fixture.truth[k])
            let fromOne = Self.cubic.disorientation(UnitQuaternion(alone[k].orientation), truth) * 180 / .pi
            let fromTwo = Self.cubic.disorientation(UnitQuaternion(several[k].orientation), truth) * 180 / .pi
            XCTAssertGreaterThan(fromOne, 10, "pattern \(k): one start cannot travel from the wrong match")
            XCTAssertLessThan(fromTwo, 1, "pattern \(k): the second start reaches the truth")
            XCTAssertGreaterThan(several[k].confidence, alone[k].confidence)
        }
    }

    /// The pattern centre refined from 0.015 off, from kikuchipy's refined orientations as its
    /// check does, comes back to the truth and to kikuchipy's mean centre (on six of its twenty
    /// patterns, whose mean wanders more).
    func testPatternCentreRefinementAsKikuchipy() throws {
        let fixture = try IndexingFixture.load(), centres = try CentreFixture.load()
        let indexer = try indexer(fixture, refine: true, centre: centres.start)
        let refinement = PatternCentreRefinement(
            master: indexer.projector.master, detector: indexer.projector.detector, standardisation: indexer.standardisation,
            initialStep: 1.5 * .pi / 180)
        let path = TestPaths.fixture("index/scan.npy").path
        let count = 6
        let patterns = try indexer.standardised(try ScanIO.openReader(path), 0..<count)
        let pixels = fixture.shape[0] * fixture.shape[1]
        var workspace = [Float](repeating: 0, count: pixels)
        var sum = SIMD3<Double>.zero
        patterns.withUnsafeBufferPointer { all in
            for k in 0..<count {
                let refined = refinement.refine(
                    orientation(fixture.refined[k]), pattern: UnsafeBufferPointer(rebasing: all[k * pixels..<(k + 1) * pixels]),
                    workspace: &workspace)
                sum += SIMD3(refined.centre.x, refined.centre.y, refined.centre.z)
            }
        }
        let mean = sum / Double(count)
        for axis in 0..<3 {
            XCTAssertEqual(mean[axis], centres.truth[axis], accuracy: 0.006, "axis \(axis): the truth")
            XCTAssertEqual(mean[axis], centres.kikuchipy.mean[axis], accuracy: 0.008, "axis \(axis): kikuchipy's mean")
            XCTAssertGreaterThan(abs(centres.start[axis] - centres.truth[axis]), 0.01, "the start is off the truth")
        }
    }
}
