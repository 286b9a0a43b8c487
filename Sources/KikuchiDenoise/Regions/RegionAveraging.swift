import Foundation
import KikuchiCore
import KikuchiIO

/// Region averaging: the map is cut into regions of agreeing patterns (`RegionMerging` on the
/// patterns' band-pass features, `RegionFeatures`), and each pattern becomes the plain mean of
/// the patterns of its own region within a circular window of radius r map steps around it.
///
/// Where NLPAR weighs each neighbour by one noisy pattern-to-pattern distance, the merging
/// decides membership from region means, whose noise falls as regions grow, so that grains of a
/// few patterns are found at doses where single patterns cannot be told apart. The window keeps the average local, as NLPAR's search window does: a large grain with an
/// orientation gradient is not flattened into one pattern.
///
/// `prepare` reads the scan twice: for the mean pattern, which gives the detector mask of the
/// features, then for the features: it segments bands of map rows (as many as about
/// `featureBudget` bytes of features hold, plus 3r rows either side, so that a region reaching
/// over a band's edge is still seen whole within the window; on a one-row map, bands of columns)
/// and keeps, per pattern, one bit per window position saying whether that neighbour shares its
/// region. Up to `concurrentBands` bands are segmented at once, on as many of `threads` cores.
/// Memory: those bits and, per band at work, its features with the merging's copies (about three
/// times `featureBudget`), whatever the scan's length. Integer outputs are rounded and clipped to
/// the type's range.
public final class RegionAveraging: PatternDenoiser {
    public let radius: Int
    public let featureBudget: Int
    /// The cores `prepare` uses: for the features, and for up to `concurrentBands` bands at once.
    public let threads: Int
    let window: AveragingWindow
    /// Whether `prepare` also keeps, per pattern, its region-mates within 2r (`referee`).
    public let keepsReferee: Bool
    private var scan: ScanDescription?
    private var sameRegion = RegionMembership(tapsByParity: [[], []], count: 0)
    private var farRegion: RegionMembership?
    private var meanPattern: [Float] = []
    /// The number of regions found in each band, and the band's rho^2 and sigma.
    public private(set) var bands: [(regions: Int, signal: Double, noise: Double)] = []

    /// - Parameter keepsReferee: also keep what `referee` needs (one more bit per position within
    ///   2r map steps).
    /// - Throws: `KikuchiError.badInput` for a radius below 1.
    public init(
        radius: Int = 3, featureBudget: Int = 128 << 20,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, keepsReferee: Bool = false, scanPath: String = ""
    ) throws {
        guard radius >= 1 else {
            throw KikuchiError.badInput(scanPath, "--radius must be at least 1 map step, not \(radius)")
        }
        self.radius = radius
        self.featureBudget = featureBudget
        self.threads = max(threads, 1)
        self.keepsReferee = keepsReferee
        window = try AveragingWindow(kernel: .circular, columns: 2 * radius + 1, rows: 2 * radius + 1)
    }

    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        let radius = self.radius
        // One column more than the window: hex rows sit half a step over.
        return scan.geometry.neighbourInputs(
            of: outputs, rowsRead: { $0 - radius...$0 + radius }, columnReach: radius + 1, count: scan.count)
    }

    public func batchShape(for scan: ScanDescription) -> BatchShape { .mapTiles(for: scan) }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        let scan = reader.scan
        let geometry = scan.geometry
        let taps = [window.taps(centreRow: 0, in: geometry), window.taps(centreRow: 1, in: geometry)]
        let edges = try AveragingWindow(kernel: .circular, columns: 3, rows: 3)
        let edgeTaps = [0, 1].map { edges.taps(centreRow: $0, in: geometry).filter { $0.rowOffset != 0 || $0.columnOffset != 0 } }
        sameRegion = RegionMembership(tapsByParity: taps, count: scan.count)
        farRegion = keepsReferee ? RegionMembership(tapsByParity: try RegionReferee.taps(around: window, in: geometry), count: scan.count) : nil
        bands = []
        guard scan.count > 0 else {
            self.scan = scan
            return
        }
        let mean = try StaticBackgroundSource.meanPattern(of: reader, progress: progress)
        meanPattern = keepsReferee ? mean : []
        let extractor = try RegionFeatures(width: scan.width, height: scan.height, mask: RegionFeatures.mask(fromMean: mean))
        let plan = bandPlan(scan, featureLength: extractor.length)
        // Bands are segmented independently, so several at once give the same labels as one at a
        // time; their features are read one band after another (readers are not thread-safe).
        let concurrent = max(1, min(threads, Self.concurrentBands, plan.count))
        var next = 0
        var shared: (range: Range<Int>, features: [Float]) = (0..<0, [])
        while next < plan.count {
            let group = Array(plan[next..<min(next + concurrent, plan.count)])
            let merges = try group.indices.map { k in
                let band = group[k].band
                let features = try Self.features(of: band, reusing: shared, reader: reader, extractor: extractor, threads: threads)
                // The patterns this band shares with the next, whose features need not be made twice.
                let following = next + k + 1 < plan.count ? plan[next + k + 1].band.lowerBound : band.upperBound
                let overlap = max(following, band.lowerBound)..<band.upperBound
                let length = extractor.length
                shared = (overlap, Array(features[(overlap.lowerBound - band.lowerBound) * length..<band.count * length]))
                return RegionMerging(
                    features: features, length: length,
                    adjacency: Self.adjacency(of: band, geometry: geometry, edgeTaps: edgeTaps, count: scan.count))
            }
            var results = [RegionMerging.Result?](repeating: nil, count: group.count)
            results.withUnsafeMutableBufferPointer { results in
                DispatchQueue.concurrentPerform(iterations: group.count) { k in results[k] = merges[k].run() }
            }
            for (part, result) in zip(group, results.compactMap { $0 }) {
                for index in part.core {
                    sameRegion.mark(index, band: part.band, labels: result.labels, geometry: geometry, count: scan.count)
                    farRegion?.mark(index, band: part.band, labels: result.labels, geometry: geometry, count: scan.count)
                }
                bands.append((Set(part.core.map { result.labels[$0 - part.band.lowerBound] }).count, result.signal, result.noise))
                progress("region merging", part.core.upperBound, scan.count)
            }
            next += group.count
        }
        self.scan = scan
    }

    /// At most this many bands are segmented at once (each holds its features and the merging's
    /// copies of them, about three times `featureBudget`).
    static let concurrentBands = 4

    /// The edge neighbours of each pattern of `band`, as indices into the band.
    private static func adjacency(of band: Range<Int>, geometry: MapGeometry, edgeTaps: [[AveragingWindow.Tap]], count: Int) -> [[Int32]] {
        band.map { index in
            let (row, column) = geometry.position(of: index)
            return edgeTaps[row % 2].compactMap { tap in
                geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: count)
                    .flatMap { band.contains($0) ? Int32($0 - band.lowerBound) : nil }
            }
        }
    }

    /// The bands the scan is segmented in: each band's core (the patterns whose bits it sets) and
    /// the patterns it reads (the core and 3r map rows either side, or on a one-row map 3r
    /// columns). At most as many rows (or columns) go in a core as `featureBudget` bytes of
    /// features hold, less the margins, and at least one; the cores are of about equal size.
    func bandPlan(_ scan: ScanDescription, featureLength: Int) -> [(core: Range<Int>, band: Range<Int>)] {
        let geometry = scan.geometry
        let margin = 3 * radius
        let featureBytes = max(featureLength * MemoryLayout<Float>.size, 1)
        var plan: [(core: Range<Int>, band: Range<Int>)] = []
        // The most rows (or columns) a core may hold, then as many cores of equal size as that needs.
        func balanced(_ most: Int, of total: Int) -> Int {
            let parts = (total + most - 1) / most
            return (total + parts - 1) / parts
        }
        if geometry.rows == 1 {
            let coreLength = balanced(max(featureBudget / featureBytes - 2 * margin, 1), of: scan.count)
            for start in stride(from: 0, to: scan.count, by: coreLength) {
                let core = start..<min(start + coreLength, scan.count)
                plan.append((core, max(core.lowerBound - margin, 0)..<min(core.upperBound + margin, scan.count)))
            }
            return plan
        }
        let coreRows = balanced(max(featureBudget / (geometry.columns * featureBytes) - 2 * margin, 1), of: geometry.rows)
        for firstRow in stride(from: 0, to: geometry.rows, by: coreRows) {
            let rows = firstRow...min(firstRow + coreRows, geometry.rows) - 1
            let core = geometry.indices(ofRows: rows, count: scan.count)
            guard !core.isEmpty else { break }
            plan.append((core, geometry.indices(ofRows: rows.lowerBound - margin...rows.upperBound + margin, count: scan.count)))
        }
        return plan
    }

    /// The features of patterns `range`, computed on `threads` cores; those of the patterns in
    /// `reusing` (the start of `range`, or none of it) are copied from there.
    private static func features(
        of range: Range<Int>, reusing known: (range: Range<Int>, features: [Float]), reader: PatternReader, extractor: RegionFeatures,
        threads: Int
    ) throws -> [Float] {
        let length = extractor.length
        var features = [Float](repeating: 0, count: range.count * length)
        var range = range
        let start = range.lowerBound
        if !known.range.isEmpty, known.range.lowerBound == range.lowerBound, known.range.upperBound <= range.upperBound {
            features.replaceSubrange(0..<known.features.count, with: known.features)
            range = known.range.upperBound..<range.upperBound
        }
        try reader.forEachBatch(in: range, size: reader.batchSize()) { first, batch in
            let offset = first - start
            features.withUnsafeMutableBufferPointer { all in
                let base = all.baseAddress!
                // `threads` workers, each taking every threads-th pattern of the batch.
                let workers = min(threads, batch.count)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var scratch = extractor.makeScratch()
                    for k in stride(from: worker, to: batch.count, by: workers) {
                        scratch.pattern.withUnsafeMutableBufferPointer { batch.floats(of: k, into: $0) }
                        extractor.compute(into: UnsafeMutableBufferPointer(start: base + (offset + k) * length, count: length), scratch: &scratch)
                    }
                }
            }
        }
        return features
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else { throw KikuchiError.processing("", "region averaging used before prepare") }
        return RegionAveragingWorker(scan: scan, membership: sameRegion)
    }

    /// Each pattern's region-mates within 2r map steps, after `prepare` with `keepsReferee`; nil
    /// otherwise.
    public func referee() -> RegionReferee? {
        guard let scan, let farRegion else { return nil }
        return RegionReferee(scan: scan, membership: farRegion, background: meanPattern, reach: 2 * radius)
    }
}
