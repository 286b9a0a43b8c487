import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Training samples of a neighbour network are what `--method nlpar-network` feeds the network,
/// with the clean pattern standardised as the target, map after map.
final class NeighbourTrainingSetTests: XCTestCase {
    func testSamplesAreTheStreamedInputsMapAfterMap() throws {
        let folder = try TestPaths.scratchFolder("neighbour-set")
        let map = MapGeometry(columns: 4, rows: 3)
        var noisy: [String] = [], clean: [String] = []
        for m in 0..<2 {
            let path = folder.appendingPathComponent("map\(m).up2").path, truth = folder.appendingPathComponent("clean\(m).up2").path
            try SyntheticPatterns.write(
                SyntheticPatterns.batch(width: 14, height: 10, count: 12, pixelType: .uint16, seed: UInt64(10 + m)),
                to: path, geometry: map)
            try SyntheticPatterns.write(
                SyntheticPatterns.batch(width: 14, height: 10, count: 12, pixelType: .uint16, seed: UInt64(20 + m)),
                to: truth, geometry: map)
            noisy.append(path)
            clean.append(truth)
        }
        // Each averaging's output of the second map, run as `denoise` runs it.
        let averagings: [(name: String, make: () throws -> PatternDenoiser)] = [
            ("nlpar", { try NonLocalPatternAveraging(lambda: nil, searchRadius: 2) }),
            ("regions", { try RegionAveraging(radius: 2) })
        ]
        for averaging in averagings {
            let set = try NeighbourTrainingSet(noisy: noisy, clean: clean, averaging: averaging.make, threads: 2)
            XCTAssertEqual(set.count, 24)
            XCTAssertEqual(set.inputChannels, 10)
            let reader = try ScanIO.openReader(noisy[1])
            let averagedPath = folder.appendingPathComponent("\(averaging.name).npy").path
            // The averaging's float32 output, unrounded, as the training set and the denoiser see it.
            try DenoiseJob(denoiser: try averaging.make(), threads: 1)
                .run(from: reader, to: try ScanIO.createWriter(averagedPath, scan: reader.scan.with(pixelType: .float32)))
            let averaged = try ScanIO.openReader(averagedPath), truth = try ScanIO.openReader(clean[1])
            for local in [0, 5, 11] {
                let neighbours = NeighbourStack.neighbourhood(of: local, geometry: map, count: 12)
                let expected = NeighbourStack.sample(
                    raw: try neighbours.map { try reader.read($0).floats(of: 0) },
                    averaged: try averaged.read(local).floats(of: 0))
                let sample = try set.pair(12 + local)
                XCTAssertEqual(sample.noisy, expected, "\(averaging.name) input of pattern \(local) of the second map")
                XCTAssertEqual(sample.clean, NeighbourStack.standardised(try truth.read(local).floats(of: 0)))
            }
            XCTAssertNotEqual(try set.pair(0).noisy, try set.pair(12).noisy)
        }
    }

    func testMapsOfDifferentSizesOrCountsAreRefused() throws {
        let folder = try TestPaths.scratchFolder("neighbour-set-bad")
        let small = folder.appendingPathComponent("small.up2").path, large = folder.appendingPathComponent("large.up2").path
        try SyntheticPatterns.write(
            SyntheticPatterns.batch(width: 14, height: 10, count: 12, pixelType: .uint16), to: small,
            geometry: MapGeometry(columns: 4, rows: 3))
        try SyntheticPatterns.write(
            SyntheticPatterns.batch(width: 16, height: 10, count: 12, pixelType: .uint16), to: large,
            geometry: MapGeometry(columns: 4, rows: 3))
        XCTAssertThrowsError(
            try NeighbourTrainingSet(
                noisy: [small, large], clean: [small, large], averaging: { try NonLocalPatternAveraging(lambda: nil, searchRadius: 2) }, threads: 1)
        ) {
            XCTAssertTrue("\($0)".contains("the maps must share one size"), "\($0)")
        }
        XCTAssertThrowsError(
            try NeighbourTrainingSet(
                noisy: [small, large], clean: [small], averaging: { try NonLocalPatternAveraging(lambda: nil, searchRadius: 2) }, threads: 1)
        ) {
            XCTAssertTrue("\($0)".contains("one --clean map for each --noisy map (2 and 1 given)"), "\($0)")
        }
    }

    /// One grain of labelled patterns: pattern i is a smooth pattern (flat in its first six rows)
    /// plus a bump at pixel i (in those rows), so a target's bumps name the patterns it averaged.
    private func labelledMap(columns: Int, rows: Int, in folder: URL) throws -> String {
        let width = 16, height = 16, count = columns * rows
        var batch = PatternBatch(width: width, height: height, pixelType: .uint16, count: count)
        for index in 0..<count {
            var values = (0..<width * height).map { p -> Float in
                let x = Float(p % width), y = Float(p / width)
                return p < 6 * width ? 100 : 100 + 20 * sin(x / 3) * cos(y / 4)
            }
            values[index] += 30
            batch.setPattern(index, from: values)
        }
        let path = folder.appendingPathComponent("labelled.up2").path
        try SyntheticPatterns.write(batch, to: path, geometry: MapGeometry(columns: columns, rows: rows))
        return path
    }

    func testSelfSupervisedTargetsShareNoPatternWithWhatTheNetworkReads() throws {
        let folder = try TestPaths.scratchFolder("neighbour-set-self")
        defer { try? FileManager.default.removeItem(at: folder) }
        let columns = 9, rows = 9, radius = 2
        let path = try labelledMap(columns: columns, rows: rows, in: folder)
        let set = try NeighbourTrainingSet(
            selfSupervised: [path], averaging: { try RegionAveraging(radius: radius, threads: 1, keepsReferee: true) },
            referee: { nil }, threads: 1)
        XCTAssertGreaterThan(set.count, 40, "most patterns of one grain have mates beyond the window")
        var seen = Set<Int>()
        for sample in 0..<set.count {
            let index = set.origin(of: sample).pattern
            seen.insert(index)
            let target = try set.pair(sample).clean
            let labels = Array(target[0..<columns * rows])
            let low = labels.min()!, high = labels.max()!
            let mates = labels.indices.filter { labels[$0] > (low + high) / 2 }
            XCTAssertTrue(labels.allSatisfy { abs($0 - low) < 1e-4 || abs($0 - high) < 1e-4 }, "bumps of one height on a flat floor")
            XCTAssertGreaterThanOrEqual(mates.count, 2, "pattern \(index)")
            for mate in mates {
                let dr = mate / columns - index / columns, dc = mate % columns - index % columns
                XCTAssertFalse(abs(dr) <= 1 && abs(dc) <= 1, "pattern \(index): mate \(mate) is in the 3 x 3 input")
                XCTAssertGreaterThan(dr * dr + dc * dc, radius * radius, "pattern \(index): mate \(mate) is in the averaging's window")
                XCTAssertLessThanOrEqual(dr * dr + dc * dc, 4 * radius * radius + 4 * radius, "within 2r: pattern \(index) mate \(mate) \(dr) \(dc)")
            }
        }
        XCTAssertEqual(seen.count, set.count, "each pattern one sample")
    }

    func testSelfSupervisedTrainingNeedsPatternsWithMates() throws {
        let folder = try TestPaths.scratchFolder("neighbour-set-none")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try labelledMap(columns: 3, rows: 3, in: folder)
        XCTAssertThrowsError(
            try NeighbourTrainingSet(
                selfSupervised: [path], averaging: { try RegionAveraging(radius: 2, threads: 1, keepsReferee: true) },
                referee: { nil }, threads: 1)
        ) { error in
            XCTAssertTrue("\(error)".contains("no pattern has 2 region-mates to learn from"), "\(error)")
        }
    }
}
