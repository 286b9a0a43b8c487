import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiImage
import KikuchiNN

/// Training samples for a neighbour network (`--method nlpar-network` or `regions-network`) from
/// scans of whole maps and their clean truth: each sample is a pattern's `NeighbourStack` (its
/// 3 x 3 map neighbourhood of raw patterns and the averaging's output, as `NeighbourNetwork`
/// builds it) and the target its clean pattern standardised (mean 0, deviation 1), the scale the
/// network's output is read on.
///
/// Without clean patterns (`selfSupervised`), the target of a pattern is its region-mates' mean
/// instead, standardised: the mates within 2r map steps (`RegionReferee`) that neither the 3 x 3
/// input window nor the averaging read for it, so that the target's noise is independent of the
/// input's and the loss is least, in expectation, where the output is the clean pattern
/// (Noise2Noise). Patterns with fewer than `NetworkBlend.minimumMates` such mates are left out.
///
/// The averaging (NLPAR or region averaging, made by `averaging` with the settings `denoise`
/// would use) runs over each map once when the set is made; the raw, averaged and clean patterns are then held in memory as float32 (three times
/// 4 bytes a pixel: 24 maps of 320 patterns of 120 x 120 take 1.3 GB). The maps' samples follow
/// one another in the order given, so `--validation` takes the last maps' patterns.
public final class NeighbourTrainingSet: TrainingSource {
    /// One map: its geometry and its patterns, flat, `pixels` values each; `samples` are the
    /// patterns with a target, `targets` theirs in that order.
    private struct Map {
        var geometry: MapGeometry
        var count: Int
        var raw: [Float]
        var averaged: [Float]
        var samples: [Int]
        var targets: [Float]
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
    public convenience init(noisy: [String], clean: [String], averaging: () throws -> PatternDenoiser, threads: Int) throws {
        guard !noisy.isEmpty, noisy.count == clean.count else {
            throw KikuchiError.badInput("--noisy", "give one --clean map for each --noisy map (\(noisy.count) and \(clean.count) given)")
        }
        for (noisyPath, cleanPath) in zip(noisy, clean) { _ = try TrainingPairs(noisy: noisyPath, clean: cleanPath) }
        try self.init(noisy: noisy, threads: threads, averaging: averaging) { index, _, _, _ in
            let truth = try ScanIO.openReader(clean[index])
            let batch = try truth.read(0..<truth.scan.count)
            return (0..<truth.scan.count).map { (local: $0, target: NeighbourStack.standardised(batch.floats(of: $0))) }
        }
    }

    /// Reads the `noisy` maps alone: each pattern's target is its independent region-mates' mean
    /// (see the type's notes), the mates from `referee()` (a region averaging made with
    /// `keepsReferee`, or nil when the averaging is one). With `networkSize` (a model's declared
    /// input), every pattern is resized to it (OpenCV `INTER_LINEAR`), as `denoise` resizes them.
    public convenience init(
        selfSupervised noisy: [String], averaging: () throws -> PatternDenoiser, referee: () throws -> RegionAveraging?,
        networkSize: (width: Int, height: Int)? = nil, threads: Int
    ) throws {
        guard !noisy.isEmpty else { throw KikuchiError.badInput("--noisy", "give at least one map to learn from") }
        try self.init(noisy: noisy, threads: threads, networkSize: networkSize, averaging: averaging) { index, reader, raw, averaging in
            guard let regions = try referee() ?? (averaging as? RegionAveraging) else {
                throw KikuchiError.processing(noisy[index], "self-supervised targets need a region averaging that keeps its region-mates")
            }
            let judge = NetworkJudge.neighbourNetwork(after: averaging, regions: regions)
            try judge.prepare(reader) { _, _, _ in }
            return try judge.independentTargets(raw, path: noisy[index])
        }
    }

    /// The common reading: each map, its averaging, and `targets(map index, reader, its patterns,
    /// averaging)`.
    private init(
        noisy: [String], threads: Int, networkSize: (width: Int, height: Int)? = nil, averaging: () throws -> PatternDenoiser,
        targets: (Int, PatternReader, PatternBatch, PatternDenoiser) throws -> [(local: Int, target: [Float])]
    ) throws {
        var maps: [Map] = []
        var size: (width: Int, height: Int)?
        for (mapIndex, noisyPath) in noisy.enumerated() {
            let reader = try ScanIO.openReader(noisyPath)
            if let size, size != (reader.scan.width, reader.scan.height) {
                throw KikuchiError.badInput(
                    noisyPath,
                    "patterns are \(reader.scan.width)x\(reader.scan.height), the first map's \(size.width)x\(size.height); the maps must share one size")
            }
            size = (reader.scan.width, reader.scan.height)
            let raw = try reader.read(0..<reader.scan.count)
            let denoiser = try averaging()
            let averaged = try Self.average(reader, by: denoiser, threads: threads)
            let found = try targets(mapIndex, reader, raw, denoiser)
            var map = Map(
                geometry: reader.scan.geometry, count: reader.scan.count, raw: raw.floatMatrix(), averaged: averaged.floatMatrix(),
                samples: found.map(\.local), targets: found.flatMap(\.target))
            if let networkSize, networkSize != size! {
                let plan = try ResizePlan(
                    sourceWidth: size!.width, sourceHeight: size!.height, targetWidth: networkSize.width, targetHeight: networkSize.height,
                    interpolation: .linear)
                func resized(_ values: [Float]) throws -> [Float] {
                    let pixels = size!.width * size!.height
                    return try stride(from: 0, to: values.count, by: pixels).flatMap {
                        try plan.apply(Image<Float>(width: size!.width, height: size!.height, pixels: Array(values[$0..<$0 + pixels]))).pixels
                    }
                }
                (map.raw, map.averaged, map.targets) = (try resized(map.raw), try resized(map.averaged), try resized(map.targets))
            }
            maps.append(map)
        }
        guard maps.contains(where: { !$0.samples.isEmpty }) else {
            throw KikuchiError.badInput(
                noisy[0], "no pattern has \(NetworkBlend.minimumMates) region-mates to learn from; the grains are smaller than the averaging's reach")
        }
        self.maps = maps
        noisyPath = noisy[0]
        width = networkSize?.width ?? size!.width
        height = networkSize?.height ?? size!.height
        var starts: [Int] = []
        var total = 0
        for map in maps {
            starts.append(total)
            total += map.samples.count
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

    /// The map (in the order given) and the pattern within it of sample `index`.
    public func origin(of index: Int) -> (map: Int, pattern: Int) {
        let mapIndex = (maps.indices.last { starts[$0] <= index && index < starts[$0] + maps[$0].samples.count })!
        return (mapIndex, maps[mapIndex].samples[index - starts[mapIndex]])
    }

    public func pair(_ index: Int) throws -> (noisy: [Float], clean: [Float]) {
        let (mapIndex, local) = origin(of: index)
        let map = maps[mapIndex], sample = index - starts[mapIndex]
        let pixels = width * height
        func pattern(_ values: [Float], _ at: Int) -> [Float] { Array(values[at * pixels..<(at + 1) * pixels]) }
        let neighbours = NeighbourStack.neighbourhood(of: local, geometry: map.geometry, count: map.count)
        let stack = NeighbourStack.sample(raw: neighbours.map { pattern(map.raw, $0) }, averaged: pattern(map.averaged, local))
        return (stack, pattern(map.targets, sample))
    }
}
