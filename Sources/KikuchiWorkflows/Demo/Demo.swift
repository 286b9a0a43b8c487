import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiIndex
import KikuchiMetrics
import KikuchiSim

/// The whole job on built-in data: a simulated noisy grain-map scan with its clean truth, the
/// scan I/O round trips of the published workflow (unpacked to images and repacked, converted to
/// h5ebsd and back, each checked), and the scan denoised every way the demo knows
/// (`DenoiserMethod.demonstrated`) with the comparison report and its indexing verdict, and where
/// the sample data is found a real pattern before and after and the verdict on the real Ni map
/// (`RealPatternDemo`).
public struct Demo {
    /// The results folder: created, or replaced when it holds an earlier demo.
    public var output: String
    /// One line per step done.
    public var report: (String) -> Void = { print($0) }
    /// The sample data folder with real patterns (`RealPatternDemo.sampleData()`); nil: none shown.
    public var sampleData: String? = RealPatternDemo.sampleData()
    /// Progress of a step's pass over the patterns: (pass, done, total).
    public var progress: (_ pass: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }

    public init(output: String) {
        self.output = output
    }

    /// Runs every step; returns the comparison's scores. A round trip that changes the patterns
    /// is a processing error.
    public func run() throws -> [MethodScores] {
        let fm = FileManager.default
        if fm.fileExists(atPath: output) {
            guard fm.fileExists(atPath: path("scan.up2")) else {
                throw KikuchiError.badInput(output, "exists and is not a kikuchi demo folder; choose another -o")
            }
            try fm.removeItem(atPath: output)
        }
        try fm.createDirectory(atPath: output, withIntermediateDirectories: true)

        let simulation = try SimulatedScan.kinematicalGrainMap(
            geometry: MapGeometry(columns: 20, rows: 16, stepX: 0.5, stepY: 0.5), width: 120, height: 120,
            grains: 8, dose: 5, gain: 64, seed: 2026)
        let patterns = simulation.patterns(0..<simulation.scan.count)
        for (name, batch) in [("scan.up2", patterns.recorded), ("clean.up2", patterns.clean!)] {
            let writer = try ScanIO.createWriter(path(name), scan: simulation.scan)
            try writer.write(batch, at: 0)
            try writer.finish()
        }
        report(
            "simulated   \(path("scan.up2")): \(simulation.scan.count) kinematical Ni patterns of 120 x 120, 20 x 16 map, 8 grains, dose 5 counts/pixel (64 units per count); truth in clean.up2"
        )

        let scan = try ScanIO.openReader(path("scan.up2"))
        var png = TranscodeOptions()
        png.outputFormat = .imageFolder
        _ = try roundTrip(scan, through: "patterns-png", options: png, back: "repacked.up2")
        let identical = try sameBytesAsScan("repacked.up2")
        report("unpacked    \(path("patterns-png"))/ (16-bit PNG) and repacked: \(identical ? "byte-identical" : "DIFFERENT")")

        var jpeg = png
        jpeg.imageFormat = .jpeg
        let throughJPEG = try roundTrip(scan, through: "patterns-jpeg", options: jpeg, back: "from-jpeg.up2").read(0..<scan.scan.count).values()
        let original = try scan.read(0..<scan.scan.count).values()
        let meanError = zip(original, throughJPEG).map { abs($0 - $1) }.reduce(0, +) / Double(original.count)
        report(String(format: "unpacked    %@/ (JPEG, quality 95) and repacked: mean difference %.2f stored units", path("patterns-jpeg"), meanError))

        _ = try roundTrip(scan, through: "scan.h5", options: TranscodeOptions(), back: "from-h5.up2")
        let h5Identical = try sameBytesAsScan("from-h5.up2")
        report("converted   \(path("scan.h5")) (kikuchipy h5ebsd) and back: \(h5Identical ? "byte-identical" : "DIFFERENT")")
        if !identical || !h5Identical {
            throw KikuchiError.processing(output, "a round trip changed the patterns")
        }

        if BundledModel.autoencoder.path == nil { report("no bundled model found: the comparison leaves out the autoencoder") }
        let methods = try DenoiserMethod.demonstrated.map { method in
            ComparisonMethod(name: method.rawValue, denoiser: try DenoiserSettings.demo.make(method))
        }
        var comparison = ScanComparison()
        comparison.progress = progress
        comparison.verdict = try Self.verdict(for: simulation)
        let scores = try comparison.run(
            inputPath: path("scan.up2"), truthPath: path("clean.up2"), methods: methods,
            folder: path("report"), overwrite: true)
        try showRealPatterns()
        return scores
    }

    /// The real-pattern section of the report (`RealPatternDemo`), where the sample data is found.
    private func showRealPatterns() throws {
        guard let data = sampleData else {
            report("real        no sample data (set KIKUCHI_SAMPLE_DATA to kikuchipy's test data): the report shows no real pattern")
            return
        }
        let real = RealPatternDemo(dataFolder: data)
        let results = try real.run(into: path("report"))
        let figures = results.map { String(format: "%@ %.3f", $0.method.rawValue, $0.bandNCC) }.joined(separator: ", ")
        report(
            "real        \(RealPatternDemo.mapPath) (real Ni, 3 x 3): band NCC of each output's centre pattern with the input: \(figures); see report/real-patterns.png"
        )
        let ranked = try real.verdict(into: path("report/real-ni"), progress: { progress("real-ni \($0)", $1, $2) })
        let order = ranked.filter { $0.skipped == nil && !$0.rawFit.isEmpty }.map {
            String(format: "%@ %.3f", $0.name, MethodScores.mean($0.rawFit) ?? 0)
        }
        report("indexed     every output of the real map, ranked by the raw-pattern fit: \(order.joined(separator: " > ")); see report/real-ni/")
        let page = path("report/report.html")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let sections = RealPatternDemo.html(results) + RealPatternDemo.verdictHTML(ranked, folder: "real-ni")
        try html.replacingOccurrences(of: "</body></html>", with: sections + "</body></html>")
            .write(toFile: page, atomically: true, encoding: .utf8)
    }

    /// The demo's indexing verdict: the simulated scan indexed as `kikuchi index --phase ni` would
    /// (its detector, a dictionary at 4 degrees, not refined: the demo stays quick) against its true
    /// orientations.
    static func verdict(for simulation: SimulatedScan) throws -> IndexingVerdict {
        let crystal = IndexingPhase(phase: CrystalPhase(name: "ni")!)
        var settings = ScanIndexer.Settings()
        settings.resolution = 4
        settings.refine = false
        settings.backgroundSigma = Double(simulation.scan.width) / 8
        settings.threads = 2
        let indexer = try ScanIndexer(
            master: crystal.master, detector: simulation.projector.detector, group: crystal.group, settings: settings)
        return IndexingVerdict(indexer: indexer, truth: (0..<simulation.scan.count).map(simulation.orientation(of:)))
    }

    /// `name` inside the results folder.
    public func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }

    /// Writes `scan` to `intermediate`, that back to `back` (a UP2), and returns the reader of `back`.
    private func roundTrip(_ scan: PatternReader, through intermediate: String, options: TranscodeOptions, back: String) throws -> PatternReader {
        _ = try ScanTranscoder.transcode(scan, to: path(intermediate), options: options) { done, total, phase in
            progress("\(intermediate) (\(phase))", done, total)
        }
        _ = try ScanTranscoder.transcode(try ScanIO.openReader(path(intermediate)), to: path(back), options: TranscodeOptions()) {
            done, total, phase in progress("\(back) (\(phase))", done, total)
        }
        return try ScanIO.openReader(path(back))
    }

    private func sameBytesAsScan(_ name: String) throws -> Bool {
        try Data(contentsOf: URL(fileURLWithPath: path(name))) == Data(contentsOf: URL(fileURLWithPath: path("scan.up2")))
    }
}
