import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiIndex
import KikuchiMetrics

/// One method of a comparison: a name and its denoiser (none for the raw patterns).
public struct ComparisonMethod {
    public var name: String
    public var denoiser: PatternDenoiser?

    public init(name: String, denoiser: PatternDenoiser?) {
        self.name = name
        self.denoiser = denoiser
    }
}

/// `kikuchi compare`: every method on the same scan, each output kept as `METHOD.h5` in the
/// report folder (float32, the values the method computed, so that no figure measures rounding),
/// timed, scored (`ScanScorer`) and reported (`ComparisonReport`). A method that cannot run on
/// the scan (too few patterns for its components, a model that does not fit) is reported as
/// skipped with its reason, and every other method's result is kept. With a `verdict`, every
/// output is also indexed and the methods are ranked by the raw-pattern fit. The folder is built under a
/// temporary name and renamed when complete.
public struct ScanComparison {
    public var threads: Int
    /// Patterns shown side by side in the montage, spread evenly over the scan.
    public var shownCount: Int
    /// Reports (method, patterns done, total) while a method runs.
    public var progress: ((String, Int, Int) -> Void)?
    /// Every output indexed the same way, and the methods ranked by the raw-pattern fit; nil: no indexing.
    public var verdict: IndexingVerdict?

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, shownCount: Int = 4) {
        self.threads = threads
        self.shownCount = shownCount
    }

    /// Whether `error` says the method cannot run on this scan (bad input, a model error) rather
    /// than that the machine failed (a full disk), which ends the comparison.
    static func cannotRun(_ error: Error) -> Bool {
        guard let known = error as? KikuchiError else { return true }
        return known.exitStatus == 2
    }

    /// Runs `methods` on the scan at `inputPath` and writes the report folder `folder`.
    @discardableResult
    public func run(
        inputPath: String, truthPath: String?, methods: [ComparisonMethod], folder: String,
        overwrite: Bool, readOptions: ReadOptions = ReadOptions()
    ) throws -> [MethodScores] {
        let input = try ScanIO.openReader(inputPath, options: readOptions)
        let truth = try truthPath.map { try ScanIO.openReader($0, options: readOptions) }
        if let truth, let truthPath { try ScanScorer.check(truth: truth.scan, path: truthPath, against: input.scan) }
        let output = try OutputPath(folder, overwrite: overwrite, inputs: [inputPath] + (truthPath.map { [$0] } ?? []))
        defer { output.discard() }
        try FileManager.default.createDirectory(atPath: output.temporaryPath, withIntermediateDirectories: false)

        let shown = (0..<min(shownCount, input.scan.count)).map { (2 * $0 + 1) * input.scan.count / (2 * max(shownCount, 1)) }
        var shownPatterns: [String: [[Float]]] = [:]
        if let truth { shownPatterns["truth"] = try shown.map { try truth.read($0).floats(of: 0) } }
        var all: [MethodScores] = []
        var readers: [String: PatternReader] = [:]
        let scorer = ScanScorer(threads: threads)
        for method in methods {
            var reader = input
            var seconds = 0.0
            if let denoiser = method.denoiser {
                let path = (output.temporaryPath as NSString).appendingPathComponent("\(method.name).h5")
                let started = Date()
                do {
                    try denoiser.check(input.scan, path: inputPath)
                    let writer = try ScanIO.createWriter(path, scan: denoiser.outputScan(for: input.scan))
                    var job = DenoiseJob(denoiser: denoiser, threads: threads)
                    job.progress = { done, total in progress?(method.name, done, total) }
                    try job.run(from: input, to: writer)
                } catch let error where Self.cannotRun(error) {
                    all.append(.skipped(method.name, because: "\(error)"))
                    continue
                }
                seconds = Date().timeIntervalSince(started)
                reader = try ScanIO.openReader(path)
            }
            var scores = try scorer.score(reader, truth: truth, name: method.name, seconds: seconds)
            scores.notes = method.denoiser?.notes ?? []
            all.append(scores)
            readers[method.name] = reader
            shownPatterns[method.name] = try shown.map { try reader.read($0).floats(of: 0) }
        }
        let key = verdict.map { IPFColourKey(group: $0.indexer.group) }
        if let verdict, let key { all = try index(all, readers: readers, raw: input, verdict: verdict, key: key) }
        let title =
            "\((inputPath as NSString).lastPathComponent): \(input.scan.count) patterns of \(input.scan.width) x \(input.scan.height)"
            + (truthPath.map { ", truth \(($0 as NSString).lastPathComponent)" } ?? ", no truth")
        var report = ComparisonReport(
            scores: all, shownIndices: shown, shownPatterns: shownPatterns,
            patternWidth: input.scan.width, patternHeight: input.scan.height,
            geometry: input.scan.geometry, title: title)
        if let verdict, let key {
            let picture = key.picture(size: 120)
            report.orientationKey = (
                ColourPicture(rgb: picture.rgb, width: picture.width, height: picture.height),
                "The crystal direction of the sample normal at the orientation found from each output, coloured by the key (the sector of point group \(verdict.indexer.group.name)'s holohedry in stereographic projection: red, green, blue at its corners, as OIM and orix colour them)."
            )
        }
        try report.write(to: output.temporaryPath)
        try output.commit()
        return all
    }

    /// `scores` with each method's indexing figures and orientation colours (`key`), ranked by the
    /// raw-pattern fit (best first, skipped methods last).
    private func index(
        _ scores: [MethodScores], readers: [String: PatternReader], raw: PatternReader, verdict: IndexingVerdict, key: IPFColourKey
    ) throws -> [MethodScores] {
        // The raw method's reader is the input itself, indexed once as the verdict's first entry.
        let indexed = scores.filter { $0.skipped == nil && readers[$0.name]! !== raw }
        let figures = try verdict.run(raw: raw, outputs: indexed.map { readers[$0.name]! }) { stage, done, total in
            progress?(stage, done, total)
        }
        var result = scores
        for (i, score) in result.enumerated() where score.skipped == nil {
            let f = figures[indexed.firstIndex { $0.name == score.name }.map { $0 + 1 } ?? 0]
            result[i].rawFit = f.rawFit
            result[i].confident = f.confident
            result[i].matchScore = f.matchScore
            result[i].orientationError = f.errorDegrees
            result[i].withinTwoDegrees = f.errorDegrees.map { $0 < 2 ? 1 : 0 }
            result[i].orientationColours = key.rgb(f.orientations.map(UnitQuaternion.init))
        }
        let fit = { (s: MethodScores) in s.skipped == nil ? MethodScores.mean(s.rawFit) ?? -.infinity : -.infinity }
        return result.enumerated().sorted { a, b in
            fit(a.element) != fit(b.element) ? fit(a.element) > fit(b.element) : a.offset < b.offset
        }.map(\.element)
    }
}
