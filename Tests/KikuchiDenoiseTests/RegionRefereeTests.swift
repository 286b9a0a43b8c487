import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The judge of the networks' blend: each pattern's region-mates within 2r map steps, less those
/// the output judged read (for a neighbour network after region averaging: the averaging's window
/// and the 3 x 3 neighbourhood; after NLPAR: its shifted window and one step around it).
final class RegionRefereeTests: XCTestCase {
    /// Patterns that mark themselves: pattern j is 1 at pixel j, 0 elsewhere, so that a mean of
    /// such patterns shows which were averaged.
    private func markers(count: Int, pixels: Int) -> PatternBatch {
        var batch = PatternBatch(width: pixels, height: 1, pixelType: .float32, count: count)
        for j in 0..<count {
            var pattern = [Float](repeating: 0, count: pixels)
            pattern[j] = 1
            batch.setPattern(j, from: pattern)
        }
        return batch
    }

    func testTheJudgeHoldsOnlyRegionMatesNeitherTheAveragingNorTheNetworkRead() throws {
        let map = SyntheticGrainMap(columns: 14, rows: 12, grains: 5, dose: 40, seed: 11)
        let radius = 2
        let regions = try RegionAveraging(radius: radius, keepsReferee: true)
        let reader = MemoryScanReader(map.noisy, geometry: map.geometry)
        try regions.prepare(reader) { _, _, _ in }
        let referee = try XCTUnwrap(regions.referee())
        XCTAssertEqual(referee.reach, 2 * radius)
        let judge = NetworkJudge.neighbourNetwork(after: regions, regions: regions)
        let alone = NetworkJudge.autoencoder(after: nil, regions: regions)
        XCTAssertEqual(referee.background.count, map.size * map.size, "the scan's mean pattern")
        let count = map.noisy.count
        let marked = markers(count: count, pixels: count)
        var mean = [Float](repeating: 0, count: count)
        let columns = map.geometry.columns
        var judged = 0
        let scan = reader.scan
        for i in 0..<count {
            let mates = referee.independentMean(of: i, in: marked, holding: ScanSelection(0..<count), into: &mean) {
                judge.excludes($0, forOutput: i, of: scan)
            }
            let used = (0..<count).filter { mean[$0] > 0 }
            XCTAssertEqual(used.count, mates, "pattern \(i)")
            // Every same-grain pattern more than r and more than one step (in both directions) away,
            // within 2r: the ring, where the grains were found exactly.
            func sameGrain(within reach: (_ dx: Int, _ dy: Int) -> Bool) -> [Int] {
                (0..<count).filter { j in
                    let (dy, dx) = (i / columns - j / columns, i % columns - j % columns)
                    return j != i && map.grain[j] == map.grain[i] && dx * dx + dy * dy <= 4 * radius * radius && reach(dx, dy)
                }
            }
            XCTAssertEqual(used, sameGrain { dx, dy in dx * dx + dy * dy > radius * radius && (abs(dx) > 1 || abs(dy) > 1) }, "pattern \(i)")
            // The autoencoder alone read only the pattern itself: every other region-mate within 2r.
            var all = [Float](repeating: 0, count: count)
            let allMates = referee.independentMean(of: i, in: marked, holding: ScanSelection(0..<count), into: &all) {
                alone.excludes($0, forOutput: i, of: scan)
            }
            XCTAssertEqual((0..<count).filter { all[$0] > 0 }, sameGrain { _, _ in true }, "pattern \(i), autoencoder")
            XCTAssertEqual(allMates, sameGrain { _, _ in true }.count)
            if mates > 0 {
                judged += 1
                for j in used { XCTAssertEqual(mean[j], 1 / Float(mates), accuracy: 1e-6) }
            }
        }
        XCTAssertGreaterThan(judged, count / 2, "most patterns of grains this large have a judge")
    }

    func testWithoutAskingThereIsNoReferee() throws {
        let map = SyntheticGrainMap(columns: 8, rows: 8, grains: 2, dose: 40, seed: 12)
        let regions = try RegionAveraging(radius: 2)
        try regions.prepare(MemoryScanReader(map.noisy, geometry: map.geometry)) { _, _, _ in }
        XCTAssertNil(regions.referee())
    }

    func testNLPARsReachCoversItsShiftedWindowAndTheNeighboursOfItsPatterns() throws {
        // The judge of nlpar-network leaves out every pattern NLPAR's output may depend on: its
        // search window, shifted inward at the map's borders, and the 3 x 3 neighbourhood of each
        // pattern in it (NLPAR's noise estimate reads them).
        let geometry = MapGeometry(columns: 15, rows: 11)
        let scan = ScanDescription(width: 4, height: 4, count: geometry.patternCount, pixelType: .uint8, geometry: geometry)
        let nlpar = try NonLocalPatternAveraging(searchRadius: 3)
        let window = NLPARSearchWindow(geometry: geometry, count: scan.count)
        for index in [0, 7, 16, 80, 164] {
            let (row, column) = geometry.position(of: index)
            var read = Set<Int>()
            for member in window.searchWindow(row: row, column: column, radius: 3) {
                let (r, c) = geometry.position(of: member)
                read.formUnion(window.nearestNeighbours(row: r, column: c))
            }
            let reached = Set((0..<scan.count).filter { nlpar.mayRead($0, forOutput: index, of: scan) })
            XCTAssertTrue(read.isSubset(of: reached), "pattern \(index): \(read.subtracting(reached).sorted()) not left out")
            // And not much more: the window grown by one step, no further.
            XCTAssertLessThanOrEqual(reached.count, 81, "pattern \(index)")
        }
    }
}
