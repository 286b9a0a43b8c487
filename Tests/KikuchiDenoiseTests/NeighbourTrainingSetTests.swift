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
}
