import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiNN

/// Training samples for a neighbour network (`--method nlpar-network` or `regions-network`) from
/// scans of whole maps and their clean truth: each sample is a pattern's `NeighbourStack` (its
/// 3 x 3 map neighbourhood of raw patterns and the averaging's output, as `NeighbourNetwork`
/// builds it) and the target its clean pattern standardised (mean 0, deviation 1), the scale the
/// network's output is read on.
///
/// The averaging (NLPAR or region averaging, made by `averaging` with the settings `denoise`
/// would use) runs over each map once when the set is made; the raw, averaged and clean patterns are then held in memory as float32 (three times
/// 4 bytes a pixel: 24 maps of 320 patterns of 120 x 120 take 1.3 GB). The maps' samples follow
/// one another in the order given, so `--validation` takes the last maps' patterns.
public final class NeighbourTrainingSet: TrainingSource {
    /// One map: its geometry and its patterns, flat, `pixels` values each.
    private struct Map {
        var geometry: MapGeometry
        var count: Int
        var raw: [Float]
        var averaged: [Float]
        var clean: [Float]
    }

    public let noisyPath: String
    public let count: Int
    public let height: Int
    public let width: Int
    public var inputChannels: Int { NeighbourStack.channels }
    private let maps: [Map]
    /// The first sample index of each map.
    private let starts: [Int]

    /// Reads the `noisy` maps and their `clean` truth (pairs in order, each the same size and
    /// count), and runs a fresh `averaging()` over each noisy map.
    public init(noisy: [String], clean: [String], averaging: () throws -> PatternDenoiser, threads: Int) throws {
        guard !noisy.isEmpty, noisy.count == clean.count else {
            throw KikuchiError.badInput("--noisy", "give one --clean map for each --noisy map (\(noisy.count) and \(clean.count) given)")
        }
        var maps: [Map] = []
        var size: (width: Int, height: Int)?
        for (noisyPath, cleanPath) in zip(noisy, clean) {
            let pairs = try TrainingPairs(noisy: noisyPath, clean: cleanPath)
            if let size, size != (pairs.width, pairs.height) {
                throw KikuchiError.badInput(
                    noisyPath, "patterns are \(pairs.width)x\(pairs.height), the first map's \(size.width)x\(size.height); the maps must share one size")
            }
            size = (pairs.width, pairs.height)
            let reader = try ScanIO.openReader(noisyPath)
            let raw = try reader.read(0..<reader.scan.count)
            let truth = try ScanIO.openReader(cleanPath)
            let cleanBatch = try truth.read(0..<truth.scan.count)
            let averaged = try Self.average(reader, by: try averaging(), threads: threads)
            let count = reader.scan.count
            maps.append(
                Map(
                    geometry: reader.scan.geometry, count: count, raw: raw.floatMatrix(), averaged: averaged.floatMatrix(),
                    clean: (0..<count).flatMap { NeighbourStack.standardised(cleanBatch.floats(of: $0)) }))
        }
        self.maps = maps
        noisyPath = noisy[0]
        width = size!.width
        height = size!.height
        var starts: [Int] = []
        var total = 0
        for map in maps {
            starts.append(total)
            total += map.count
        }
        self.starts = starts
        count = total
    }

    /// `denoiser`'s output of every pattern of `reader`, through a temporary .npy file.
    private static func average(_ reader: PatternReader, by denoiser: PatternDenoiser, threads: Int) throws -> PatternBatch {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("kikuchi-neighbour-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let writer = try ScanIO.createWriter(temporary, scan: denoiser.outputScan(for: reader.scan), options: WriteOptions(overwrite: true))
        try DenoiseJob(denoiser: denoiser, threads: threads).run(from: reader, to: writer)
        let averaged = try ScanIO.openReader(temporary)
        return try averaged.read(0..<averaged.scan.count)
    }

    public func pair(_ index: Int) throws -> (noisy: [Float], clean: [Float]) {
        let mapIndex = (starts.lastIndex { $0 <= index })!
        let map = maps[mapIndex], local = index - starts[mapIndex]
        let pixels = width * height
        func pattern(_ values: [Float], _ at: Int) -> [Float] { Array(values[at * pixels..<(at + 1) * pixels]) }
        let neighbours = NeighbourStack.neighbourhood(of: local, geometry: map.geometry, count: map.count)
        let sample = NeighbourStack.sample(raw: neighbours.map { pattern(map.raw, $0) }, averaged: pattern(map.averaged, local))
        return (sample, pattern(map.clean, local))
    }
}
