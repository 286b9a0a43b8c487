import Foundation
import KikuchiCore
import KikuchiIO

/// Takes, pattern by pattern, as much of a network's output as its judge finds helps: y = a + w
/// (n - a), a the pattern the network refined, w from `NetworkBlend` against the mean of the
/// pattern's region-mates (`RegionReferee`) that the output did not read.
///
/// The output read the pattern itself, its 3 x 3 neighbourhood when `readsNeighbourhood` (the
/// neighbour networks), and whatever `after` (the averaging before the network, if any) read for
/// it; those are left out, so that the judge's noise is independent of a's and n's.
public final class NetworkJudge {
    /// The segmentation the judge's region-mates come from (with `keepsReferee`): the averaging
    /// itself after region averaging, one of its own otherwise.
    public let regions: RegionAveraging
    let readsNeighbourhood: Bool
    let after: MapNeighbourReading?
    /// How the blend went in this run.
    public let tally = NetworkBlendTally()
    private var referee: RegionReferee?
    private let blend = NetworkBlend()

    /// - Parameters:
    ///   - regions: region averaging made with `keepsReferee`.
    ///   - after: the averaging the network followed, when it reads map neighbours.
    init(regions: RegionAveraging, readsNeighbourhood: Bool, after: PatternDenoiser?) {
        precondition(regions.keepsReferee, "the judge's region averaging keeps its region-mates")
        self.regions = regions
        self.readsNeighbourhood = readsNeighbourhood
        self.after = after as? MapNeighbourReading
    }

    /// The judge of a neighbour network that follows `averaging`.
    public static func neighbourNetwork(after averaging: PatternDenoiser, regions: RegionAveraging) -> NetworkJudge {
        NetworkJudge(regions: regions, readsNeighbourhood: true, after: averaging)
    }

    /// The judge of the autoencoder alone, or after `averaging`.
    public static func autoencoder(after averaging: PatternDenoiser?, regions: RegionAveraging) -> NetworkJudge {
        NetworkJudge(regions: regions, readsNeighbourhood: false, after: averaging)
    }

    /// Segments the scan, unless `regions` already did (it is the averaging the network follows).
    func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        if regions.referee()?.scan != reader.scan { try regions.prepare(reader, progress: progress) }
        referee = regions.referee()
    }

    /// The input patterns the judge reads for `outputs`.
    func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        RegionReferee.inputs(for: outputs, of: scan, reach: 2 * regions.radius)
    }

    /// `inputs`, widened to what the judge reads for `outputs`.
    func widened(_ inputs: ScanSelection, for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        inputs.union(self.inputs(for: outputs, of: scan))
    }

    /// y for the network output `output` of pattern `index`, which refined `given`; `input` holds
    /// the scan's patterns `inputs`, with the judge's reach. `output` and `given` are in
    /// the scan's units, or both in others when `units` maps the scan's units to theirs (an
    /// increasing affine map; the autoencoder's scaling in and out). nil, no judge, without enough
    /// region-mates or with too little of the pattern's bands its own (`NetworkBlend`).
    func judged(
        _ output: [Float], refining given: [Float], index: Int, input: PatternBatch, holding inputs: ScanSelection,
        units: ((inout [Float]) -> Void)? = nil
    ) throws -> [Float]? {
        guard let referee else { throw KikuchiError.processing("", "the network's judge used before prepare") }
        let scan = referee.scan
        var independent = [Float](repeating: 0, count: output.count)
        let mates = referee.independentMean(of: index, in: input, holding: inputs, into: &independent) {
            excludes($0, forOutput: index, of: scan)
        }
        guard mates >= NetworkBlend.minimumMates else {
            tally.record(weight: nil)
            return nil
        }
        var background = referee.background
        if let units {
            units(&independent)
            units(&background)
        }
        guard
            let w = try blend.weight(
                of: output, averaged: given, independent: independent, background: background, width: scan.width, height: scan.height,
                tempering: after != nil)
        else {
            tally.record(weight: nil)
            return nil
        }
        tally.record(weight: w)
        return NetworkBlend.mix(output, into: given, weight: w)
    }

    /// Self-supervised training targets of every pattern of the scan `prepare` read, whose
    /// patterns `input` holds: the standardised mean of its region-mates that the output did not
    /// read, for the patterns with at least `NetworkBlend.minimumMates` of them.
    func independentTargets(_ input: PatternBatch, path: String) throws -> [(local: Int, target: [Float])] {
        guard let referee else { throw KikuchiError.processing(path, "the network's judge used before prepare") }
        let scan = referee.scan
        var mean = [Float](repeating: 0, count: scan.pixelsPerPattern)
        var targets: [(local: Int, target: [Float])] = []
        let all = ScanSelection(0..<scan.count)
        for index in 0..<scan.count {
            let mates = referee.independentMean(of: index, in: input, holding: all, into: &mean) { excludes($0, forOutput: index, of: scan) }
            if mates >= NetworkBlend.minimumMates { targets.append((index, NeighbourStack.standardised(mean))) }
        }
        return targets
    }

    /// Whether the output for pattern `index` may have read pattern `mate`, which the judge then
    /// leaves out.
    func excludes(_ mate: Int, forOutput index: Int, of scan: ScanDescription) -> Bool {
        (readsNeighbourhood && Self.adjacent(mate, index, in: scan.geometry)) || (after?.mayRead(mate, forOutput: index, of: scan) ?? false)
    }

    /// Whether `mate` lies in the 3 x 3 neighbourhood of `index` (`NeighbourStack`'s offsets).
    private static func adjacent(_ mate: Int, _ index: Int, in geometry: MapGeometry) -> Bool {
        let (row, column) = geometry.position(of: index), (mateRow, mateColumn) = geometry.position(of: mate)
        return abs(mateRow - row) <= 1 && abs(mateColumn - column) <= 1
    }

    /// The run's line for the user.
    public var note: String {
        let (judged, weight, unjudged) = tally.counts
        return
            "blend: the network's output taken at \(String(format: "%.2f", weight)) on average (0: the pattern it refined, 1: its own) for \(judged) patterns, judged by region-mates within \(2 * regions.radius) map steps that it did not read; \(unjudged) without \(NetworkBlend.minimumMates) such mates, or without bands of their own beside the scan's mean pattern, left to the guard"
    }
}
