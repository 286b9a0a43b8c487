import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiMetrics
import KikuchiSim

/// A whole scan indexed: the dictionary of `CubochoricSampling` orientations at `resolution`
/// matched by `DictionaryIndexer`, each best match refined by `OrientationRefinement` when asked
/// (or with its pattern centre by `PatternCentreRefinement`),
/// and one `.ang` row per pattern with its image quality (`ImageQuality`, Krieger Lassen) and
/// detector signal (the pattern's mean intensity).
///
/// The confidence column is the match's normalised cross-correlation (after refinement, when
/// refined). The fit column holds the angle in degrees that refinement moved the dictionary's
/// orientation (0 without refinement): a large one says the dictionary was too coarse there.
public final class ScanIndexer {
    public struct Settings: Sendable {
        /// Mean angle between dictionary orientations, degrees.
        public var resolution: Double = 2
        public var refine = false
        /// Refine each pattern's pattern centre with its orientation (`PatternCentreRefinement`).
        public var refinePatternCentre = false
        /// How many dictionary orientations refinement starts from: the best match and the next
        /// best ones at least `resolution` from every start already taken, of the
        /// `candidatesKept` best entries; the best refined fit wins. Where the dictionary is
        /// coarse beside the width of the cross-correlation's peak, the entry nearest the truth
        /// can score below an entry of a wrong orientation, and refining only the best match
        /// cannot reach the truth.
        public var candidates = 1
        /// Dynamic background blur in pixels; nil: none.
        public var backgroundSigma: Double?
        public var circularMask = false
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        public var chunkBytes = 256 << 20

        public init() {}

        /// Dictionary entries kept per pattern for the refinement's starts.
        public var candidatesKept: Int { candidates > 1 ? 10 * candidates : 1 }
    }

    /// What a run found, for the summary line and `--json`.
    public struct Summary: Codable, Equatable, Sendable {
        public var patterns: Int
        public var dictionarySize: Int
        public var meanScore: Double
        public var medianScore: Double
        public var refined: Bool
        public var meanRefinementDegrees: Double
        /// With `refinePatternCentre`: the mean of the patterns' refined centres, Bruker's (x, y, z),
        /// and their standard deviations.
        public var patternCentre: [Double]?
        public var patternCentreDeviation: [Double]?
    }

    public let projector: PatternProjector
    public let group: PointGroup
    public let settings: Settings
    public let standardisation: PatternStandardisation
    public let orientations: [UnitQuaternion]

    public init(master: LambertMasterPattern, detector: DetectorGeometry, group: PointGroup, settings: Settings) throws {
        projector = PatternProjector(master: master, detector: detector)
        self.group = group
        self.settings = settings
        standardisation = try PatternStandardisation(
            width: detector.width, height: detector.height,
            mask: settings.circularMask ? PatternStandardisation.circularMask(width: detector.width, height: detector.height) : nil,
            backgroundSigma: settings.backgroundSigma)
        orientations = CubochoricSampling.orientations(steps: CubochoricSampling.semiEdgeSteps(resolution: settings.resolution), in: group)
    }

    /// The rows of every pattern of `reader`, in scan order, and the run's figures: `match`, then
    /// `rows`. `progress(stage, done, total)` reports the matching, then the refinement.
    public func run(
        _ reader: PatternReader, scanPath: String, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) throws -> (rows: [AngFile.Row], summary: Summary) {
        let matches = try match(reader, scanPath: scanPath) { progress("matching", $0, $1) }
        return try rows(reader, matches: matches) { progress("refining", $0, $1) }
    }

    /// The best dictionary entry of every pattern of `reader`.
    public func match(
        _ reader: PatternReader, scanPath: String, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [DictionaryIndexer.Match] {
        let scan = reader.scan
        guard scan.width == projector.detector.width, scan.height == projector.detector.height else {
            throw KikuchiError.badInput(
                scanPath, "patterns are \(scan.width) x \(scan.height) but the detector is \(projector.detector.width) x \(projector.detector.height)")
        }
        return try dictionaryIndexer.index(reader, progress: progress)
    }

    /// The best dictionary entries of several scans of this detector's size and the same count (a
    /// scan and its denoised copies), each dictionary chunk simulated once for all.
    public func match(
        _ readers: [PatternReader], progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [[DictionaryIndexer.Match]] {
        try dictionaryIndexer.index(readers, progress: progress)
    }

    /// The standardised patterns `range` of `reader`, as they are matched.
    public func standardised(_ reader: PatternReader, _ range: Range<Int>) throws -> [Float] {
        try dictionaryIndexer.experimental(reader, range)
    }

    /// The standardised patterns of `batch`, as they are matched.
    public func standardised(_ batch: PatternBatch) -> [Float] {
        dictionaryIndexer.experimental(batch)
    }

    /// The refinement of the settings, which also scores a pattern against an orientation.
    public var refinement: OrientationRefinement {
        OrientationRefinement(projector: projector, standardisation: standardisation, initialStep: initialStep)
    }

    private var refining: Bool { settings.refine || settings.refinePatternCentre }

    /// The refinement's starts of `match`: its best entry, then the next best at least the
    /// dictionary's spacing from every start taken, at most `settings.candidates`.
    public func starts(of match: DictionaryIndexer.Match) -> [UnitQuaternion] {
        var taken = [orientations[match.entry]]
        let apart = settings.resolution * Double.pi / 180
        for candidate in match.runnersUp where taken.count < settings.candidates {
            let q = orientations[candidate.entry]
            if taken.allSatisfy({ group.disorientation(q, $0) >= apart }) { taken.append(q) }
        }
        return taken
    }

    /// The refinement's first step: half the dictionary's spacing, radians.
    private var initialStep: Double { settings.resolution * Double.pi / 180 / 2 }

    private var dictionaryIndexer: DictionaryIndexer {
        DictionaryIndexer(
            projector: projector, orientations: orientations, standardisation: standardisation, threads: settings.threads,
            chunkBytes: settings.chunkBytes, keep: refining ? settings.candidatesKept : 1)
    }

    /// The `.ang` rows of the patterns of `reader` from their `matches`, refined when the settings ask.
    public func rows(
        _ reader: PatternReader, matches: [DictionaryIndexer.Match], progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> (rows: [AngFile.Row], summary: Summary) {
        let scan = reader.scan
        precondition(matches.count == scan.count, "one match per pattern")
        let indexer = dictionaryIndexer
        let refinement = self.refinement
        let centreRefinement =
            settings.refinePatternCentre
            ? PatternCentreRefinement(
                master: projector.master, detector: projector.detector, standardisation: standardisation, initialStep: initialStep)
            : nil
        let refining = self.refining
        var centres: [SIMD3<Double>] = []
        let quality = ImageQuality(width: scan.width, height: scan.height)
        var rows = [AngFile.Row]()
        rows.reserveCapacity(scan.count)
        var moved = 0.0
        let p = scan.width * scan.height
        let batchSize = max(1, min(4096, (64 << 20) / max(p * 4, 1)))
        var start = 0
        while start < scan.count {
            let end = min(start + batchSize, scan.count)
            let raw = try reader.read(start..<end)
            let standardised = indexer.experimental(raw)
            // Per pattern: its row, how far refinement moved it (degrees), its refined centre.
            var batch = [(row: AngFile.Row, moved: Double, centre: SIMD3<Double>?)?](repeating: nil, count: end - start)
            let workers = min(settings.threads, end - start)
            standardised.withUnsafeBufferPointer { e in
                batch.withUnsafeMutableBufferPointer { out in
                    let base = out.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        var workspace = refinement.makeWorkspace()
                        var k = worker
                        while k < end - start {
                            let match = matches[start + k]
                            var found = orientations[match.entry]
                            var (q, score, centre): (UnitQuaternion, Float, SIMD3<Double>?) = (found, match.score, nil)
                            let pattern = UnsafeBufferPointer(rebasing: e[k * p..<(k + 1) * p])
                            if refining {
                                score = -.infinity
                                for start in starts(of: match) {
                                    let fit: (orientation: UnitQuaternion, score: Float, centre: SIMD3<Double>?)
                                    if let centreRefinement {
                                        let refined = centreRefinement.refine(start, pattern: pattern, workspace: &workspace)
                                        fit = (refined.orientation, refined.score, SIMD3(refined.centre.x, refined.centre.y, refined.centre.z))
                                    } else {
                                        let refined = refinement.refine(start, pattern: pattern, workspace: &workspace)
                                        fit = (refined.orientation, refined.score, nil)
                                    }
                                    if fit.score > score { (q, score, centre, found) = (fit.orientation, fit.score, fit.centre, start) }
                                }
                            }
                            let shift = refining ? group.disorientation(q, found) * 180 / Double.pi : 0
                            let values = raw.floats(of: k).map(Double.init)
                            let mean = values.reduce(0, +) / Double(max(values.count, 1))
                            let row = AngFile.Row(
                                orientation: group.reduced(q).eulerAngles, imageQuality: Float(quality(values)),
                                confidence: score.isFinite ? max(score, -0.999) : -1, detectorSignal: Float(mean), fit: Float(shift))
                            base[k] = (row, shift, centre)
                            k += workers
                        }
                    }
                }
            }
            let done = batch.map { $0! }
            rows.append(contentsOf: done.map(\.row))
            moved += done.map(\.moved).reduce(0, +)
            centres.append(contentsOf: done.compactMap(\.centre))
            progress(end, scan.count)
            start = end
        }
        let scores = rows.map { Double($0.confidence) }.sorted()
        var summary = Summary(
            patterns: scan.count, dictionarySize: orientations.count,
            meanScore: scores.reduce(0, +) / Double(max(scores.count, 1)),
            medianScore: scores.isEmpty ? 0 : scores[scores.count / 2], refined: refining,
            meanRefinementDegrees: moved / Double(max(scan.count, 1)))
        if !centres.isEmpty {
            let n = Double(centres.count)
            let mean = centres.reduce(SIMD3<Double>.zero, +) / n
            let variance = centres.map { ($0 - mean) * ($0 - mean) }.reduce(SIMD3<Double>.zero, +) / n
            summary.patternCentre = [mean.x, mean.y, mean.z]
            summary.patternCentreDeviation = [variance.x.squareRoot(), variance.y.squareRoot(), variance.z.squareRoot()]
        }
        return (rows, summary)
    }
}
