import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiIndex
import KikuchiMetrics
import KikuchiSim

/// The demo's look at real patterns: the real 3 x 3 Ni map of kikuchipy's test data (an EDAX UP1
/// of 60 x 60 patterns with their own background and noise) through `regions`, `denoise`'s
/// default, and `regions-network`. It writes the centre pattern before and after each as
/// `real-patterns.png` and reports the NCC of each output's bands (`BandFilter`) with the
/// input's: a denoiser lowers it by the noise it removes, and a method that erased or invented
/// bands would lower it far more.
///
/// Then the verdict that counts on real patterns (`verdict(into:)`): every demonstrated method on
/// the whole map, each output indexed against EMsoft's Ni master pattern from the same test data,
/// and the methods ranked by the raw-pattern fit (`IndexingVerdict`), which smoothing cannot raise.
public struct RealPatternDemo {
    /// The map, relative to the sample data folder.
    public static let mapPath = "kikuchipy/edax_binary/edax_binary.up1"
    /// EMsoft's Ni master pattern (20 kV) of kikuchipy's test data, for indexing the map.
    public static let masterPath = "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5"
    /// The map's pattern centre as kikuchipy's Ni pattern-matching tutorial gives it (Bruker's
    /// convention; 70 degree sample tilt, camera elevation 0).
    public static let patternCentre = PatternCentre(brukerX: 0.421, y: 0.2206, z: 0.5049)
    /// The methods shown, in order.
    public static let methods: [DenoiserMethod] = [.regions, .regionsNetwork]

    /// The sample data folder: `$KIKUCHI_SAMPLE_DATA`, else `fallback` (`../shared/data` from the
    /// current folder); nil where neither holds the map.
    public static func sampleData(
        environment: [String: String] = ProcessInfo.processInfo.environment, fallback: String = "../shared/data"
    ) -> String? {
        let candidates = [environment["KIKUCHI_SAMPLE_DATA"], fallback].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent(mapPath)) }
    }

    public let dataFolder: String

    public init(dataFolder: String) {
        self.dataFolder = dataFolder
    }

    /// Denoises the map every way of `methods` (those whose model is found), writes
    /// `real-patterns.png` into `folder` (the input's centre pattern, then each output's, as
    /// recorded above and their bands below, each stretched to its own range) and returns each
    /// method's band NCC with the input.
    public func run(into folder: String) throws -> [(method: DenoiserMethod, bandNCC: Double)] {
        let reader = try ScanIO.openReader((dataFolder as NSString).appendingPathComponent(Self.mapPath))
        let scan = reader.scan
        let centre = scan.count / 2
        let input = try reader.read(centre..<centre + 1).floats(of: 0)
        let bands = try BandFilter(width: scan.width, height: scan.height)
        var tiles = [input]
        var results: [(method: DenoiserMethod, bandNCC: Double)] = []
        for method in Self.methods where method.bundledModel?.path != nil || method.bundledModel == nil {
            guard let denoiser = try DenoiserSettings.demo.make(method) else { continue }
            let temporary = (folder as NSString).appendingPathComponent(".real-\(method.rawValue).npy")
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            let writer = try ScanIO.createWriter(temporary, scan: denoiser.outputScan(for: scan), options: WriteOptions(overwrite: true))
            try DenoiseJob(denoiser: denoiser, threads: 2).run(from: reader, to: writer)
            let output = try ScanIO.openReader(temporary).read(centre..<centre + 1).floats(of: 0)
            tiles.append(output)
            results.append((method, NormalizedCrossCorrelation.of(try bands.apply(output), try bands.apply(input))))
        }
        let scale = 2, gap = 4
        let tileWidth = scan.width * scale + gap, tileHeight = scan.height * scale + gap
        var picture = GrayPicture(width: tiles.count * tileWidth - gap, height: 2 * tileHeight - gap)
        for (k, tile) in tiles.enumerated() {
            for (row, values) in [tile, try bands.apply(tile)].enumerated() {
                picture.place(
                    GrayPicture(values: values.map(Double.init), width: scan.width, height: scan.height, scale: scale),
                    x: k * tileWidth, y: row * tileHeight)
            }
        }
        try picture.writePNG(to: (folder as NSString).appendingPathComponent("real-patterns.png"))
        return results
    }

    /// `methods` on the whole map, each output indexed (a dictionary at `resolution` degrees,
    /// refined) and ranked by the raw-pattern fit; the comparison's report goes to `folder` (made).
    public func verdict(
        into folder: String, methods: [DenoiserMethod] = DenoiserMethod.demonstrated, resolution: Double = 2, threads: Int = 2,
        progress: ((String, Int, Int) -> Void)? = nil
    ) throws -> [MethodScores] {
        let mapPath = (dataFolder as NSString).appendingPathComponent(Self.mapPath)
        let scan = try ScanIO.openReader(mapPath).scan
        let crystal = try IndexingPhase(emsoftMaster: (dataFolder as NSString).appendingPathComponent(Self.masterPath))
        var settings = ScanIndexer.Settings()
        settings.resolution = resolution
        settings.refine = true
        settings.backgroundSigma = Double(scan.width) / 8
        settings.threads = threads
        let detector = DetectorGeometry(width: scan.width, height: scan.height, patternCentre: Self.patternCentre)
        var comparison = ScanComparison(threads: threads)
        comparison.progress = progress
        comparison.verdict = IndexingVerdict(
            indexer: try ScanIndexer(master: crystal.master, detector: detector, group: crystal.group, settings: settings), truth: nil)
        let compared = try methods.map { ComparisonMethod(name: $0.rawValue, denoiser: try DenoiserSettings.demo.make($0)) }
        return try comparison.run(inputPath: mapPath, truthPath: nil, methods: compared, folder: folder, overwrite: true)
    }

    /// The report's section on `scores` of `verdict(into:)`, whose own report is in `folder`
    /// (relative to the page).
    public static func verdictHTML(_ scores: [MethodScores], folder: String) -> String {
        var rows = ""
        for score in scores {
            guard score.skipped == nil, let fit = MethodScores.mean(score.rawFit) else {
                rows += "<tr><td>\(score.name)</td><td colspan=\"3\" style=\"text-align: left\">skipped: \(score.skipped ?? "not indexed")</td></tr>\n"
                continue
            }
            rows += String(
                format: "<tr><td>%@</td><td>%.4f</td><td>%.2f</td><td>%.4f</td></tr>\n", score.name, fit,
                MethodScores.mean(score.confident) ?? 0, MethodScores.mean(score.imageQuality) ?? 0)
        }
        return """
            <h2>Which denoiser indexes the real map best</h2>
            <p>Every method on the real 3 x 3 Ni map, each output indexed the same way (EMsoft's Ni master \
            pattern, a dictionary at 2 degrees, refined; kikuchipy's pattern centre of this map), ranked by the \
            <em>raw-pattern fit</em>: the NCC of each raw pattern with the pattern simulated at the orientation \
            found from the method's output. Smoothing cannot raise it; a wrong orientation explains the raw data \
            worse. Image quality is shown beside it as what it is: it rewards smooth output whatever its bands.</p>
            <table><tr><th>method</th><th>raw-pattern fit</th><th>indexed, confident</th><th>image quality</th></tr>
            \(rows)</table>
            <p>The whole comparison, with orientation maps: <a href="\(folder)/report.html">\(folder)/report.html</a>.</p>

            """
    }

    /// The report's section on the real map, for `results` of `run`.
    public static func html(_ results: [(method: DenoiserMethod, bandNCC: Double)]) -> String {
        let labels = (["input"] + results.map(\.method.rawValue)).joined(separator: ", ")
        let figures = results.map { String(format: "%@ %.3f", $0.method.rawValue, $0.bandNCC) }.joined(separator: ", ")
        return """
            <h2>A real pattern</h2>
            <p>The centre pattern of kikuchipy's real 3 x 3 Ni map (EDAX UP1, 60 x 60, its own background and noise), \
            left to right: \(labels); below, their bands x - G(x). Band NCC of each output with the input (a denoiser lowers it by the noise it removes): \(figures).</p>
            <p><img class="montage" src="real-patterns.png" alt="a real pattern before and after"></p>

            """
    }
}
