import KikuchiIO
import XCTest

@testable import KikuchiDenoise

/// The tiling changes nothing but cost: each neighbour method, run in map tiles of a few columns
/// (whose inputs are runs of several rows, with columns beside them), gives the bytes of one run
/// over the whole map, on a square and on a hex map, and with a shard that starts mid-row.
final class MapTilingTests: XCTestCase {
    private func methods() throws -> [(String, () throws -> PatternDenoiser)] {
        [
            ("nlpar", { try NonLocalPatternAveraging(lambda: 0.9, searchRadius: 2) }),
            ("nlpar auto", { try NonLocalPatternAveraging(lambda: nil, searchRadius: 1) }),
            ("npa", { NeighbourPatternAveraging(window: try AveragingWindow(kernel: .gaussian, size: "5x3")) }),
            ("regions", { try RegionAveraging(radius: 2, threads: 1) })
        ]
    }

    private func run(_ denoiser: PatternDenoiser, on reader: MemoryScanReader, batchSize: Int?, threads: Int = 2) throws -> [UInt8] {
        let writer = MemoryScanWriter(scan: denoiser.outputScan(for: reader.scan))
        try DenoiseJob(denoiser: denoiser, batchSize: batchSize, threads: threads).run(from: reader, to: writer)
        XCTAssertTrue(writer.finished)
        return writer.patterns.bytes
    }

    func testTilesGiveTheBytesOfOneRun() throws {
        let map = SyntheticGrainMap(columns: 23, rows: 7, grains: 6, size: 16, dose: 8, seed: 5)
        var hex = MapGeometry(columns: 23, rows: 7)
        hex.grid = .hex
        for geometry in [map.geometry, hex] {
            let reader = MemoryScanReader(map.noisy.slice(0..<geometry.patternCount), geometry: geometry)
            for (name, make) in try methods() {
                let whole = try run(try make(), on: reader, batchSize: reader.scan.count, threads: 1)
                for size in [1, 6, 20, 50] {
                    XCTAssertTrue(try run(try make(), on: reader, batchSize: size) == whole, "\(name), \(geometry.grid), tiles of \(size)")
                }
                XCTAssertTrue(try run(try make(), on: reader, batchSize: nil) == whole, "\(name), \(geometry.grid), its own tiles")
            }
        }
    }

    /// Units are the tiles' parts within the patterns asked for: a range that starts and ends
    /// mid-row is computed whole, once, and nothing else is.
    func testTilesAreCutToTheRangesAsked() throws {
        let geometry = MapGeometry(columns: 23, rows: 7)
        let scan = ScanDescription(width: 4, height: 4, count: 161, pixelType: .uint8, geometry: geometry)
        let ranges = [5..<40, 100..<131]
        let units = DenoiseJob.units(of: scan, shape: .tiles(12), ranges: ranges)
        XCTAssertEqual(units.flatMap { Array($0) }.sorted(), ranges.flatMap { Array($0) })
        XCTAssertTrue(units.allSatisfy { $0.runs.count > 1 || $0.count <= 12 })
    }
}
