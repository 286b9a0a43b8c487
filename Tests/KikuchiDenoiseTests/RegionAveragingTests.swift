import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// Region averaging (`--method regions`): its features, its estimates, the grains its merging
/// finds on maps with known grains, and its output against the mean computed from the true grains.
final class RegionAveragingTests: XCTestCase {
    private func run(_ denoiser: RegionAveraging, on map: SyntheticGrainMap, batchSize: Int = 13) throws -> PatternBatch {
        let reader = MemoryScanReader(map.noisy, geometry: map.geometry)
        let writer = MemoryScanWriter(scan: denoiser.outputScan(for: reader.scan))
        try DenoiseJob(denoiser: denoiser, batchSize: batchSize).run(from: reader, to: writer)
        XCTAssertTrue(writer.finished)
        return writer.patterns
    }

    private func features(of batch: PatternBatch, mask: [Bool]? = nil) throws -> (values: [Float], length: Int) {
        let extractor = try RegionFeatures(width: batch.width, height: batch.height, mask: mask)
        var values = [Float](repeating: 0, count: batch.count * extractor.length)
        values.withUnsafeMutableBufferPointer { all in
            for k in 0..<batch.count {
                extractor.compute(batch.floats(of: k), into: UnsafeMutableBufferPointer(rebasing: all[k * extractor.length..<(k + 1) * extractor.length]))
            }
        }
        return (values, extractor.length)
    }

    /// Edge neighbours on a square map.
    private func adjacency(_ geometry: MapGeometry) -> [[Int32]] {
        (0..<geometry.patternCount).map { index in
            let (row, column) = (index / geometry.columns, index % geometry.columns)
            return [(row - 1, column), (row + 1, column), (row, column - 1), (row, column + 1)].compactMap { r, c in
                r >= 0 && r < geometry.rows && c >= 0 && c < geometry.columns ? Int32(r * geometry.columns + c) : nil
            }
        }
    }

    /// Of the pairs within `radius` map steps: the share of same-label pairs that are one grain
    /// (precision) and of same-grain pairs that share a label (recall).
    private func agreement(_ labels: [Int32], _ map: SyntheticGrainMap, radius: Int = 3) -> (precision: Double, recall: Double) {
        var bothSame = 0, sameLabel = 0, sameGrain = 0
        let columns = map.geometry.columns
        for i in labels.indices {
            for j in labels.indices where j > i {
                let (dy, dx) = (i / columns - j / columns, i % columns - j % columns)
                guard dx * dx + dy * dy <= radius * radius else { continue }
                let label = labels[i] == labels[j], grain = map.grain[i] == map.grain[j]
                if label { sameLabel += 1 }
                if grain { sameGrain += 1 }
                if label && grain { bothSame += 1 }
            }
        }
        return (Double(bothSame) / Double(max(sameLabel, 1)), Double(bothSame) / Double(max(sameGrain, 1)))
    }

    func testFeaturesAreStandardisedAndIgnoreTheDose() throws {
        let map = SyntheticGrainMap(columns: 2, rows: 1, grains: 2, dose: 50, seed: 3)
        let extractor = try RegionFeatures(width: 60, height: 60)
        XCTAssertEqual([extractor.block, extractor.columns, extractor.rows], [2, 30, 30])
        XCTAssertEqual(try RegionFeatures(width: 120, height: 120).block, 3)
        XCTAssertEqual(try RegionFeatures(width: 100, height: 20).block, 1, "the smaller side sets the scale")
        var feature = [Float](repeating: 0, count: extractor.length), brighter = feature
        let pattern = map.clean.floats(of: 0)
        feature.withUnsafeMutableBufferPointer { extractor.compute(pattern, into: $0) }
        brighter.withUnsafeMutableBufferPointer { extractor.compute(pattern.map { 3 * $0 }, into: $0) }
        XCTAssertEqual(Double(feature.reduce(0, +)), 0, accuracy: 1e-4)
        XCTAssertEqual(Double(feature.map { $0 * $0 }.reduce(0, +)), 1, accuracy: 1e-4)
        XCTAssertEqual(zip(feature, brighter).map { abs($0 - $1) }.max()!, 0, accuracy: 1e-5, "dividing by the mean removes the dose")
        var flat = feature
        flat.withUnsafeMutableBufferPointer { extractor.compute([Float](repeating: 7, count: 3600), into: $0) }
        XCTAssertEqual(flat.map(abs).max(), 0, "a flat pattern has the zero feature")
    }

    func testNoiseEstimateOfWhiteNoiseIsOneOverTheRootOfTheLength() {
        var random = SyntheticGrainMap.SplitMix(state: 11)
        let length = 400, geometry = MapGeometry(columns: 20, rows: 20)
        var features = (0..<geometry.patternCount * length).map { _ in Float(random.normal()) }
        features.withUnsafeMutableBufferPointer { all in
            for k in 0..<geometry.patternCount {
                RegionFeatures.standardise(UnsafeMutableBufferPointer(rebasing: all[k * length..<(k + 1) * length]))
            }
        }
        let result = RegionMerging(features: features, length: length, adjacency: adjacency(geometry)).run()
        XCTAssertEqual(result.noise, 1 / Double(length).squareRoot(), accuracy: 0.1 / Double(length).squareRoot())
    }

    func testMergingFindsTheGrainsWhereSinglePatternsCannotBeToldApart() throws {
        let map = SyntheticGrainMap(columns: 16, rows: 12, grains: 12, dose: 5, seed: 5)
        let (values, length) = try features(of: map.noisy)
        let edges = adjacency(map.geometry)
        let result = RegionMerging(features: values, length: length, adjacency: edges).run()
        // Adjacent pairs called one grain or two: by their own product against rho^2 / 2 (what a
        // pairwise test such as NLPAR's can do), and by the regions.
        var pairwise = 0, regional = 0, pairs = 0
        for i in edges.indices {
            for j in edges[i].map(Int.init) where j > i {
                let product = (0..<length).reduce(0.0) { $0 + Double(values[i * length + $1] * values[j * length + $1]) }
                let same = map.grain[i] == map.grain[j]
                pairs += 1
                if (product > result.signal / 2) == same { pairwise += 1 }
                if (result.labels[i] == result.labels[j]) == same { regional += 1 }
            }
        }
        XCTAssertLessThan(Double(pairwise) / Double(pairs), 0.85, "single pairs are often told wrong")
        XCTAssertGreaterThan(Double(regional) / Double(pairs), 0.99, "regions right on \(regional) of \(pairs) pairs, single pairs on \(pairwise)")
        let (precision, recall) = agreement(result.labels, map)
        XCTAssertGreaterThan(precision, 0.93)
        XCTAssertGreaterThan(recall, 0.88)
        // At 40 counts per pixel the grains are found exactly.
        let bright = SyntheticGrainMap(columns: 16, rows: 12, grains: 12, dose: 40, seed: 5)
        let exact = try features(of: bright.noisy)
        XCTAssertEqual(agreement(RegionMerging(features: exact.values, length: exact.length, adjacency: edges).run().labels, bright).precision, 1)
    }

    /// A grain of one pattern: another grain's pattern put into a map of two large grains, and its
    /// region after merging.
    private func strangerRegion(dose: Double) throws -> (labels: [Int32], values: [Float], length: Int, map: SyntheticGrainMap, lone: Int) {
        let map = SyntheticGrainMap(columns: 8, rows: 6, grains: 2, dose: dose, seed: 13)
        XCTAssertGreaterThanOrEqual(Set(map.grain).map { g in map.grain.filter { $0 == g }.count }.min()!, 8, "two large grains")
        let stranger = SyntheticGrainMap(columns: 1, rows: 1, grains: 1, dose: dose, seed: 14).noisy.floats(of: 0)
        let lone = 2 * 8 + 3
        var patterns = map.noisy
        patterns.setPattern(lone, from: stranger)
        let (values, length) = try features(of: patterns)
        let labels = RegionMerging(features: values, length: length, adjacency: adjacency(map.geometry)).run().labels
        return (labels, values, length, map, lone)
    }

    /// At a low dose the stranger cannot be told from its neighbours; at the end it joins the
    /// adjacent region whose mean it agrees with best, and no region of fewer than 3 is left.
    func testARegionOfFewerThanThreePatternsJoinsTheNeighbourItAgreesWithBest() throws {
        let (labels, values, length, map, lone) = try strangerRegion(dose: 2)
        var sizes: [Int32: Int] = [:]
        for label in labels { sizes[label, default: 0] += 1 }
        XCTAssertGreaterThanOrEqual(sizes.values.min()!, 3)
        func meanProduct(with label: Int32) -> Double {
            let others = labels.indices.filter { labels[$0] == label && $0 != lone }
            let total = others.reduce(0.0) { sum, j in sum + (0..<length).reduce(0.0) { $0 + Double(values[lone * length + $1] * values[j * length + $1]) } }
            return total / Double(others.count)
        }
        let candidates = Set(adjacency(map.geometry)[lone].map { labels[Int($0)] })
        XCTAssertEqual(labels[lone], candidates.max { meanProduct(with: $0) < meanProduct(with: $1) })
    }

    /// At a dose where the stranger plainly differs it stays a region of its own (it can be
    /// indexed alone), and the two grains are found exactly.
    func testAPlainlyDifferentSinglePatternKeepsItsOwnRegion() throws {
        let (labels, _, _, map, lone) = try strangerRegion(dose: 40)
        XCTAssertEqual(labels.filter { $0 == labels[lone] }.count, 1)
        let others = labels.indices.filter { $0 != lone }
        for i in others { for j in others where j > i { XCTAssertEqual(labels[i] == labels[j], map.grain[i] == map.grain[j]) } }
    }

    /// Patterns dark outside a circle (a screen's edge, or a mask applied) share that edge, which
    /// makes every pair alike unless the features leave it out.
    func testAMaskedScanMergesByItsBandsNotByItsEdge() throws {
        let map = SyntheticGrainMap(columns: 16, rows: 12, grains: 12, dose: 40, seed: 5)
        let inside = (0..<3600).map { p -> Bool in
            let (x, y) = (Double(p % 60) - 29.5, Double(p / 60) - 29.5)
            return x * x + y * y <= 29 * 29
        }
        var masked = map.noisy
        for k in 0..<masked.count {
            masked.setPattern(k, from: zip(map.noisy.floats(of: k), inside).map { $1 ? $0 : 0 })
        }
        var mean = [Float](repeating: 0, count: 3600)
        for k in 0..<masked.count { for (p, value) in masked.floats(of: k).enumerated() { mean[p] += value / Float(masked.count) } }
        XCTAssertEqual(RegionFeatures.mask(fromMean: mean), inside)
        let edges = adjacency(map.geometry)
        let withMask = try features(of: masked, mask: RegionFeatures.mask(fromMean: mean))
        XCTAssertEqual(agreement(RegionMerging(features: withMask.values, length: withMask.length, adjacency: edges).run().labels, map).precision, 1)
        let withoutMask = try features(of: masked)
        let merged = RegionMerging(features: withoutMask.values, length: withoutMask.length, adjacency: edges).run()
        XCTAssertLessThan(agreement(merged.labels, map).precision, 0.8, "without the mask the edge merges different grains")
    }

    func testOutputIsTheMeanOfTheSameGrainPatternsWithinTheRadius() throws {
        let map = SyntheticGrainMap(columns: 12, rows: 9, grains: 6, dose: 40, seed: 7)
        let output = try run(try RegionAveraging(radius: 2), on: map)
        let columns = map.geometry.columns
        for i in 0..<map.noisy.count {
            let members = (0..<map.noisy.count).filter { j in
                let (dy, dx) = (i / columns - j / columns, i % columns - j % columns)
                return dx * dx + dy * dy <= 4 && map.grain[i] == map.grain[j]
            }
            var mean = [Float](repeating: 0, count: 3600)
            for j in members { for (p, value) in map.noisy.floats(of: j).enumerated() { mean[p] += value / Float(members.count) } }
            let worst = zip(output.floats(of: i), mean).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(worst, 0.5 + 1e-3, "pattern \(i): the mean of \(members.count) same-grain patterns, rounded")
        }
    }

    func testOnAHexMapOfOneGrainEachPatternIsTheMeanOfItsWindow() throws {
        let map = SyntheticGrainMap(columns: 6, rows: 5, grains: 1, dose: 40, seed: 9)
        let hex = MapGeometry(columns: 6, rows: 5, grid: .hex)
        let patterns = map.noisy.slice(0..<hex.patternCount)
        let regions = try RegionAveraging(radius: 1)
        let reader = MemoryScanReader(patterns, geometry: hex)
        let writer = MemoryScanWriter(scan: reader.scan)
        try DenoiseJob(denoiser: regions, batchSize: 7).run(from: reader, to: writer)
        XCTAssertEqual(regions.bands.map(\.regions), [1])
        for index in 0..<hex.patternCount {
            let (row, column) = hex.position(of: index)
            // The 6 nearest positions on a hex grid, as far as they lie on the map.
            let members = regions.window.taps(centreRow: row, in: hex).compactMap {
                hex.index(row: row + $0.rowOffset, column: column + $0.columnOffset, count: hex.patternCount)
            }
            XCTAssertLessThanOrEqual(members.count, 7)
            var mean = [Float](repeating: 0, count: 3600)
            for j in members { for (p, value) in patterns.floats(of: j).enumerated() { mean[p] += value / Float(members.count) } }
            XCTAssertLessThanOrEqual(zip(writer.patterns.floats(of: index), mean).map { abs($0 - $1) }.max()!, 0.5 + 1e-3, "pattern \(index)")
        }
    }

    func testBandsOfRowsGiveTheSameOutputAsOneBand() throws {
        let map = SyntheticGrainMap(columns: 12, rows: 9, grains: 6, dose: 40, seed: 7)
        let whole = try RegionAveraging(radius: 1)
        let banded = try RegionAveraging(radius: 1, featureBudget: 1, threads: 3)
        let wholeBytes = try run(whole, on: map).bytes
        XCTAssertEqual(wholeBytes, try run(banded, on: map, batchSize: 24).bytes)
        XCTAssertEqual(
            wholeBytes, try run(try RegionAveraging(radius: 1, featureBudget: 1, threads: 1), on: map).bytes,
            "bands one at a time or three at once")
        XCTAssertEqual(whole.bands.count, 1)
        XCTAssertEqual(banded.bands.count, 9, "a band a row, each with 3 rows of margin either side")

        // A map of one row is cut into bands of columns: at most 20 a core, 6 equal cores of 18,
        // with 3 either side.
        let line = try RegionAveraging(radius: 1, featureBudget: 26 * 900 * 4)
        let reader = MemoryScanReader(map.noisy, geometry: MapGeometry(columns: 108, rows: 1))
        XCTAssertEqual(line.bandPlan(reader.scan, featureLength: 900).map(\.core.count), [18, 18, 18, 18, 18, 18])
        XCTAssertEqual(line.bandPlan(reader.scan, featureLength: 900)[1].band, 15..<39)
        var outputs: [[UInt8]] = []
        for denoiser in [line, try RegionAveraging(radius: 1)] {
            let writer = MemoryScanWriter(scan: reader.scan)
            try DenoiseJob(denoiser: denoiser, batchSize: 17).run(from: reader, to: writer)
            outputs.append(writer.patterns.bytes)
        }
        XCTAssertEqual(outputs[0], outputs[1])
    }

    func testInputsAreTheRowsWithinTheRadius() throws {
        let regions = try RegionAveraging(radius: 2)
        let scan = ScanDescription(width: 4, height: 4, count: 90, pixelType: .uint8, geometry: MapGeometry(columns: 10, rows: 9))
        XCTAssertEqual(regions.inputs(for: ScanSelection(30..<50), of: scan), ScanSelection(10..<70))  // rows 3...4 need rows 1...6
        XCTAssertEqual(regions.inputs(for: ScanSelection(0..<10), of: scan), ScanSelection(0..<30))
        // A tile of columns 4...5 of rows 3...4 needs columns 1...8 (the radius, and one for hex
        // rows) of rows 1...6.
        let tile = ScanSelection(runs: [34..<36, 44..<46])
        XCTAssertEqual(regions.inputs(for: tile, of: scan), ScanSelection(runs: (1...6).map { $0 * 10 + 1..<$0 * 10 + 9 }))
    }

    func testRadiusBelowOneIsRefused() {
        XCTAssertThrowsError(try RegionAveraging(radius: 0)) { error in
            XCTAssertTrue("\(error)".contains("--radius must be at least 1 map step, not 0"), "\(error)")
        }
    }
}
