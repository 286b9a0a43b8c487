import CBLAS
import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim

/// Dictionary indexing: every pattern of a scan compared with a pattern simulated at every
/// orientation of a sample, the best normalised cross-correlation kept (kikuchipy's
/// `EBSD.dictionary_indexing`, one match per pattern).
///
/// The work is S = E D^T, E the standardised experimental patterns (one per row), D the
/// standardised dictionary patterns: single-precision GEMMs, each thread taking its own rows of
/// E. The dictionary is simulated in chunks of at most `chunkBytes`, once each; for every chunk
/// the scan is streamed in batches (held standardised in memory instead when it fits in
/// `cacheBytes`, so that it is read and standardised once). Memory is bounded by the chunk, the
/// cache limit, one batch and its scores; what is kept per pattern is its best `keep` entries
/// and scores.
public final class DictionaryIndexer {
    /// A dictionary entry and its normalised cross-correlation with a pattern.
    public struct Candidate: Equatable, Sendable {
        public var entry: Int
        public var score: Float

        public init(entry: Int, score: Float) {
            self.entry = entry
            self.score = score
        }
    }

    /// The best dictionary entry of a pattern and its normalised cross-correlation, the next best
    /// entries when more than one is kept, and the sum and sum of squares of its scores over every
    /// entry compared (their mean and standard deviation say how far the best stands out from a
    /// random orientation's fit).
    public struct Match: Equatable, Sendable {
        public var entry: Int
        public var score: Float
        /// The entries after the best, best first, at most `keep - 1` of them.
        public var runnersUp: [Candidate] = []
        public var compared = 0
        public var scoreSum = 0.0
        public var scoreSquares = 0.0

        public init(entry: Int, score: Float) {
            self.entry = entry
            self.score = score
        }

        /// The best entry and the runners-up, best first.
        public var candidates: [Candidate] { [Candidate(entry: entry, score: score)] + runnersUp }

        /// The mean score over the dictionary.
        public var meanScore: Double { scoreSum / Double(max(compared, 1)) }

        /// The standard deviation of the scores over the dictionary.
        public var scoreDeviation: Double {
            let n = Double(max(compared, 1))
            return max(scoreSquares / n - meanScore * meanScore, 0).squareRoot()
        }

        /// This match and `other` (of another part of the dictionary) as one, keeping `keep` entries.
        mutating func merge(_ other: Match, keep: Int) {
            if keep > 1 {
                var all = candidates + other.candidates
                // Stable order: the earlier entry first among equal scores, as the single best is chosen.
                all.sort { ($0.score, -$0.entry) > ($1.score, -$1.entry) }
                let kept = all.prefix(keep)
                (entry, score) = (kept.first!.entry, kept.first!.score)
                runnersUp = Array(kept.dropFirst())
            } else if other.score > score {
                (entry, score) = (other.entry, other.score)
            }
            compared += other.compared
            scoreSum += other.scoreSum
            scoreSquares += other.scoreSquares
        }
    }

    public let projector: PatternProjector
    public let orientations: [UnitQuaternion]
    public let standardisation: PatternStandardisation
    public let threads: Int
    public let chunkBytes: Int
    public let cacheBytes: Int
    /// Experimental patterns per GEMM.
    public let batchSize: Int
    /// Entries kept per pattern, best first.
    public let keep: Int

    public init(
        projector: PatternProjector, orientations: [UnitQuaternion], standardisation: PatternStandardisation,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, chunkBytes: Int = 256 << 20, cacheBytes: Int = 512 << 20,
        batchSize: Int = 512, keep: Int = 1
    ) {
        precondition(!orientations.isEmpty, "a dictionary needs orientations")
        precondition(
            projector.detector.width == standardisation.width && projector.detector.height == standardisation.height,
            "the detector and the standardisation differ in size")
        self.projector = projector
        self.orientations = orientations
        self.standardisation = standardisation
        self.threads = max(1, threads)
        self.chunkBytes = chunkBytes
        self.cacheBytes = cacheBytes
        self.batchSize = max(1, batchSize)
        self.keep = max(1, keep)
    }

    private var pixels: Int { standardisation.width * standardisation.height }

    /// Dictionary entries per chunk.
    public var chunkEntries: Int { max(1, min(orientations.count, chunkBytes / max(pixels * 4, 1))) }

    /// The standardised simulated patterns of entries `range`, one per row.
    public func simulate(_ range: Range<Int>) -> [Float] {
        let p = pixels
        var out = [Float](repeating: 0, count: range.count * p)
        let workers = min(threads, range.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var pattern = [Float](repeating: 0, count: p)
                var k = worker
                while k < range.count {
                    projector.project(orientations[range.lowerBound + k].matrix, into: &pattern)
                    let row = UnsafeMutableBufferPointer(start: base + k * p, count: p)
                    pattern.withUnsafeBufferPointer { source in _ = row.initialize(from: source) }
                    standardisation.standardise(row)
                    k += workers
                }
            }
        }
        return out
    }

    /// The standardised patterns `range` of `reader`, one per row.
    public func experimental(_ reader: PatternReader, _ range: Range<Int>) throws -> [Float] {
        experimental(try reader.read(range))
    }

    /// The standardised patterns of `batch`, one per row.
    public func experimental(_ batch: PatternBatch) -> [Float] {
        let p = pixels
        var out = [Float](repeating: 0, count: batch.count * p)
        let workers = min(threads, batch.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var workspace = standardisation.makeWorkspace()
                var k = worker
                while k < batch.count {
                    let row = UnsafeMutableBufferPointer(start: base + k * p, count: p)
                    batch.floats(of: k, into: row)
                    standardisation.standardiseExperimental(row, workspace: &workspace)
                    k += workers
                }
            }
        }
        return out
    }

    /// The best match of each pattern in `range` (default: the whole scan), in scan order.
    /// `progress(done, total)` counts dictionary chunks times patterns compared, in patterns.
    public func index(
        _ reader: PatternReader, range: Range<Int>? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [Match] {
        try index([reader], range: range, progress: progress)[0]
    }

    /// The best matches of several scans of the same size (a scan and its denoised copies), each
    /// dictionary chunk simulated once for all of them.
    public func index(
        _ readers: [PatternReader], range: Range<Int>? = nil, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [[Match]] {
        guard let first = readers.first else { return [] }
        // Threads share the patterns out themselves, one single-threaded product each.
        BLASThreads.useOne()
        for reader in readers {
            let scan = reader.scan
            precondition(
                scan.width == standardisation.width && scan.height == standardisation.height && scan.count == first.scan.count,
                "patterns and detector differ in size")
        }
        let all = range ?? 0..<first.scan.count
        var matches = [[Match]](repeating: [Match](repeating: Match(entry: -1, score: -.infinity), count: all.count), count: readers.count)
        guard !all.isEmpty else { return matches }
        let p = pixels
        let chunk = chunkEntries
        let chunkCount = (orientations.count + chunk - 1) / chunk
        // Each scan held standardised when it is read more than once and the cache allows.
        var cached = [[Float]?](repeating: nil, count: readers.count)
        var budget = cacheBytes
        if chunkCount > 1 {
            for (r, reader) in readers.enumerated() where all.count * p * 4 <= budget {
                cached[r] = try experimental(reader, all)
                budget -= all.count * p * 4
            }
        }
        let total = chunkCount * all.count * readers.count
        var done = 0
        for c in 0..<chunkCount {
            let entries = c * chunk..<min((c + 1) * chunk, orientations.count)
            let dictionary = simulate(entries)
            for (r, reader) in readers.enumerated() {
                var start = 0
                while start < all.count {
                    let end = min(start + batchSize, all.count)
                    let rows: [Float]
                    if let scan = cached[r] {
                        rows = Array(scan[start * p..<end * p])
                    } else {
                        rows = try experimental(reader, all.lowerBound + start..<all.lowerBound + end)
                    }
                    match(rows, count: end - start, against: dictionary, entries: entries) { k, best in
                        matches[r][start + k].merge(best, keep: keep)
                    }
                    done += end - start
                    progress(done, total)
                    start = end
                }
            }
        }
        return matches
    }

    /// The best entry of `dictionary` (entries `entries`, one standardised pattern per row) for
    /// each of the `count` rows of `rows`, handed to `update(row, best)` on the calling thread.
    private func match(
        _ rows: [Float], count: Int, against dictionary: [Float], entries: Range<Int>, update: (Int, Match) -> Void
    ) {
        let p = pixels, n = entries.count, keep = self.keep
        var best = [Match](repeating: Match(entry: -1, score: -.infinity), count: count)
        let workers = min(threads, count)
        let perWorker = (count + workers - 1) / workers
        rows.withUnsafeBufferPointer { e in
            dictionary.withUnsafeBufferPointer { d in
                best.withUnsafeMutableBufferPointer { out in
                    let outBase = out.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let first = worker * perWorker, last = min(first + perWorker, count)
                        guard first < last else { return }
                        var scores = [Float](repeating: 0, count: (last - first) * n)
                        scores.withUnsafeMutableBufferPointer { s in
                            cblas_sgemm(
                                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(last - first), Int32(n), Int32(p), 1,
                                e.baseAddress! + first * p, Int32(p), d.baseAddress!, Int32(p), 0, s.baseAddress!, Int32(n))
                            var kept = [Candidate]()
                            kept.reserveCapacity(keep + 1)
                            for r in 0..<(last - first) {
                                var top = -Float.infinity, at = 0
                                var sum = 0.0, squares = 0.0
                                let row = s.baseAddress! + r * n
                                kept.removeAll(keepingCapacity: true)
                                var threshold = -Float.infinity
                                for j in 0..<n {
                                    let v = row[j]
                                    if v > top { (top, at) = (v, j) }
                                    if keep > 1, v > threshold {
                                        Self.insert(Candidate(entry: entries.lowerBound + j, score: v), into: &kept, keep: keep)
                                        if kept.count == keep { threshold = kept[keep - 1].score }
                                    }
                                    sum += Double(v)
                                    squares += Double(v) * Double(v)
                                }
                                var best = Match(entry: entries.lowerBound + at, score: top)
                                if keep > 1 { best.runnersUp = Array(kept.dropFirst()) }
                                (best.compared, best.scoreSum, best.scoreSquares) = (n, sum, squares)
                                outBase[first + r] = best
                            }
                        }
                    }
                }
            }
        }
        for k in 0..<count { update(k, best[k]) }
    }

    /// `candidate` placed in `kept` (best first, at most `keep`) after every entry of a score at
    /// least as high, so that among equal scores the first entry seen stays first.
    private static func insert(_ candidate: Candidate, into kept: inout [Candidate], keep: Int) {
        var at = kept.count
        while at > 0, kept[at - 1].score < candidate.score { at -= 1 }
        guard at < keep else { return }
        kept.insert(candidate, at: at)
        if kept.count > keep { kept.removeLast() }
    }
}
