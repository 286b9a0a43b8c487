import ArgumentParser
import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiMetrics
import KikuchiSim

/// `kikuchi demo`: the whole job on built-in data: a simulated noisy grain-map scan with its
/// clean truth, the scan I/O round trips of the published workflow (unpacked to images and
/// repacked, converted to h5ebsd and back, each checked), and the scan denoised every way with
/// the comparison report: the bundled autoencoder (when the model is found), PCA, NLPAR and
/// neighbour averaging.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on built-in data and say where the results are.",
        discussion: "Simulates a noisy 20 x 16 grain map of kinematical Ni patterns with its clean truth, unpacks it to PNG and JPEG, repacks, converts to h5ebsd and back, checks each step, then denoises it with the bundled autoencoder, PCA, NLPAR, neighbour averaging, NLPAR followed by the autoencoder and NLPAR followed by the bundled neighbour network, and writes the comparison report (report/report.html).")

    @Option(name: .shortAndLong, help: "Folder for the results (created; replaced if it was a demo folder).")
    var output = "demo-output"

    @Flag(help: "No progress bars.")
    var quiet = false

    func run() throws {
        try reportingErrors {
            let fm = FileManager.default
            if fm.fileExists(atPath: output) {
                guard fm.fileExists(atPath: (output as NSString).appendingPathComponent("scan.up2")) else {
                    throw KikuchiError.badInput(output, "exists and is not a kikuchi demo folder; choose another -o")
                }
                try fm.removeItem(atPath: output)
            }
            try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
            func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }
            let started = Date()

            let simulation = try SimulatedScan.kinematicalGrainMap(
                geometry: MapGeometry(columns: 20, rows: 16, stepX: 0.5, stepY: 0.5), width: 120, height: 120,
                grains: 8, dose: 5, gain: 64, seed: 2026)
            let patterns = simulation.patterns(0 ..< simulation.scan.count)
            for (name, batch) in [("scan.up2", patterns.recorded), ("clean.up2", patterns.clean!)] {
                let writer = try ScanIO.createWriter(path(name), scan: simulation.scan)
                try writer.write(batch, at: 0)
                try writer.finish()
            }
            print("simulated   \(path("scan.up2")): \(simulation.scan.count) kinematical Ni patterns of 120 x 120, 20 x 16 map, 8 grains, dose 5 counts/pixel (64 units per count); truth in clean.up2")

            let scan = try ScanIO.openReader(path("scan.up2"))
            /// Writes the scan to `intermediate`, that back to `back` (a UP2), and returns the reader of `back`.
            func roundTrip(through intermediate: String, options: TranscodeOptions, back: String) throws -> PatternReader {
                try Transcoding.run(scan, to: path(intermediate), options: options, quiet: quiet)
                try Transcoding.run(try ScanIO.openReader(path(intermediate)), to: path(back), options: TranscodeOptions(), quiet: quiet)
                return try ScanIO.openReader(path(back))
            }
            func sameBytesAsScan(_ name: String) throws -> Bool {
                try Data(contentsOf: URL(fileURLWithPath: path(name))) == Data(contentsOf: URL(fileURLWithPath: path("scan.up2")))
            }

            var png = TranscodeOptions()
            png.outputFormat = .imageFolder
            _ = try roundTrip(through: "patterns-png", options: png, back: "repacked.up2")
            let identical = try sameBytesAsScan("repacked.up2")
            print("unpacked    \(path("patterns-png"))/ (16-bit PNG) and repacked: \(identical ? "byte-identical" : "DIFFERENT")")

            var jpeg = png
            jpeg.imageFormat = .jpeg
            let throughJPEG = try roundTrip(through: "patterns-jpeg", options: jpeg, back: "from-jpeg.up2").read(0 ..< scan.scan.count).values()
            let original = try scan.read(0 ..< scan.scan.count).values()
            let meanError = zip(original, throughJPEG).map { abs($0 - $1) }.reduce(0, +) / Double(original.count)
            print(String(format: "unpacked    %@/ (JPEG, quality 95) and repacked: mean difference %.2f stored units", path("patterns-jpeg"), meanError))

            _ = try roundTrip(through: "scan.h5", options: TranscodeOptions(), back: "from-h5.up2")
            let h5Identical = try sameBytesAsScan("from-h5.up2")
            print("converted   \(path("scan.h5")) (kikuchipy h5ebsd) and back: \(h5Identical ? "byte-identical" : "DIFFERENT")")
            if !identical || !h5Identical {
                throw KikuchiError.processing(output, "a round trip changed the patterns")
            }

            let autoencoder = BundledModel.autoencoder.path == nil ? [] : ["autoencoder"]
            if autoencoder.isEmpty { print("no bundled model found: the comparison leaves out the autoencoder") }
            let neighbourNetworks = [(BundledModel.neighbourNetwork, "nlpar-network"), (BundledModel.regionsNetwork, "regions-network")]
                .compactMap { $0.0.path == nil ? nil : $0.1 }
            let methods = try (["raw"] + autoencoder + ["pca", "nlpar", "npa", "regions"] + autoencoder.map { "nlpar-" + $0 } + neighbourNetworks).map { name in
                ComparisonMethod(name: name, denoiser: try DenoiserChoice.demo.make(name))
            }
            let scores = try ScanComparison().run(inputPath: path("scan.up2"), truthPath: path("clean.up2"), methods: methods,
                                                  folder: path("report"), overwrite: true)
            print("compared    \(methods.map(\.name).joined(separator: ", ")) against the truth:")
            print(ScoresTable.text(scores).split(separator: "\n").map { "            " + $0 }.joined(separator: "\n"))
            print(String(format: "done in %.1f s; open %@", Date().timeIntervalSince(started), path("report/report.html")))
        }
    }
}
