import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiIndex
import KikuchiSim

/// The indexing verdict of `kikuchi compare --index`: every method's output indexed the same way
/// (`ScanIndexer`), and the figures that say which output indexes best.
///
/// - raw-pattern fit: the NCC of the *raw* pattern (standardised as it is matched) with the
///   pattern simulated at the orientation found from the method's output. Smoothing cannot raise
///   it: an orientation explains the raw data well only if it is right.
/// - confident: the raw-pattern fit lies at least `confidenceSigmas` standard deviations above
///   the mean fit of the raw pattern over the whole dictionary (random orientations). The best of
///   10^5 random orientations would lie about 4.4 standard deviations above the mean if the fits
///   were normal, so 6 leaves room for their correlations.
/// - match NCC: the method's own output against its match; smoothing inflates it, and it is
///   reported as what it is.
/// - with true orientations: the disorientation of each found orientation from the truth.
public struct IndexingVerdict {
    public static let confidenceSigmas = 6.0

    /// One method's figures, per pattern.
    public struct Figures: Sendable {
        public var rawFit: [Double]
        public var matchScore: [Double]
        public var confident: [Double]
        /// Degrees from the true orientation; empty without a truth.
        public var errorDegrees: [Double]
        public var orientations: [EulerAngles]
    }

    public let indexer: ScanIndexer
    public let truth: [EulerAngles]?

    public init(indexer: ScanIndexer, truth: [EulerAngles]?) {
        self.indexer = indexer
        self.truth = truth
    }

    /// The figures of each of `outputs` (same patterns as `raw`, in order), and of `raw` itself
    /// as the first entry.
    public func run(
        raw: PatternReader, outputs: [PatternReader], progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) throws -> [Figures] {
        let readers = [raw] + outputs
        let count = raw.scan.count
        precondition(truth == nil || truth!.count == count, "one true orientation per pattern")
        let matches = try indexer.match(readers) { progress("indexing", $0, $1) }
        let rawMatches = matches[0]
        let group = indexer.group
        let refinement = indexer.refinement
        let threads = max(1, indexer.settings.threads)
        // Every output's orientations first, then one pass over the raw patterns scores them all.
        var indexed: [(rows: [AngFile.Row], found: [UnitQuaternion])] = []
        for (r, reader) in readers.enumerated() {
            let (rows, _) = try indexer.rows(reader, matches: matches[r]) { progress("refining", $0, $1) }
            indexed.append((rows, rows.map { UnitQuaternion($0.orientation) }))
        }
        var fits = [[Double]](repeating: [Double](repeating: 0, count: count), count: readers.count)
        let p = raw.scan.width * raw.scan.height
        let batch = max(1, min(2048, (32 << 20) / max(p * 4, 1)))
        var start = 0
        while start < count {
            let end = min(start + batch, count)
            let patterns = try indexer.standardised(raw, start..<end)
            for r in readers.indices {
                let found = indexed[r].found
                let workers = min(threads, end - start)
                patterns.withUnsafeBufferPointer { e in
                    fits[r].withUnsafeMutableBufferPointer { out in
                        let base = out.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            var workspace = refinement.makeWorkspace()
                            var k = worker
                            while k < end - start {
                                let pattern = UnsafeBufferPointer(rebasing: e[k * p..<(k + 1) * p])
                                base[start + k] = Double(refinement.score(found[start + k], pattern: pattern, workspace: &workspace))
                                k += workers
                            }
                        }
                    }
                }
            }
            start = end
        }
        var all: [Figures] = []
        for r in readers.indices {
            let (rows, found) = indexed[r]
            let fit = fits[r]
            let confident = (0..<count).map { k -> Double in
                let m = rawMatches[k]
                guard m.scoreDeviation > 0 else { return 0 }
                return (fit[k] - m.meanScore) / m.scoreDeviation >= Self.confidenceSigmas ? 1 : 0
            }
            let errors = truth.map { truth in
                (0..<count).map { group.disorientation(found[$0], UnitQuaternion(truth[$0])) * 180 / Double.pi }
            }
            all.append(
                Figures(
                    rawFit: fit, matchScore: rows.map { Double($0.confidence) }, confident: confident, errorDegrees: errors ?? [],
                    orientations: rows.map(\.orientation)))
        }
        return all
    }
}
