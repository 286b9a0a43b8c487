import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiIndex
import KikuchiMetrics
import KikuchiSim

/// `kikuchi index IN -o OUT.ang (--phase P | --master FILE) --pc X,Y,Z [--refine]`: dictionary
/// indexing with kikuchi's own projector (`ScanIndexer`), written as an EDAX/TSL `.ang` or an
/// Oxford `.ctf`.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a scan by dictionary indexing and write its orientation map (.ang or .ctf).",
        discussion: """
            Every pattern is compared with patterns simulated at orientations sampled uniformly in the phase's \
            fundamental zone (cubochoric sampling, --resolution degrees apart on average): the kinematical master \
            pattern of --phase, or the EMsoft master pattern of --master (its point group and lattice from its \
            CrystalData). Patterns lose their dynamic background (a Gaussian blur of --background-sigma pixels, default width / 8) \
            and are compared by normalised cross-correlation; --refine then fits each orientation by Nelder-Mead. The \
            .ang (EDAX/TSL: phi1 PHI phi2 in radians, x, y, IQ, CI, phase, detector signal, fit) opens in OIM, MTEX, \
            orix and kikuchipy. --refine-pc refines each pattern's pattern centre with its orientation, as kikuchipy's \
            refine_orientation_projection_center, and writes the mean refined centre into the header. CI is the cross-correlation of the match; fit is how far refinement moved it, in \
            degrees. An -o ending in .ctf writes Oxford's Channel Text File instead (square maps only: Euler angles \
            in degrees, BC the image quality and BS the match score, each scaled to 0-255), which AZtec, MTEX and \
            orix read. The pattern centre is EDAX/TSL (x*, y*, z*) unless --pc-convention says otherwise.
            """)

    @Argument(help: "The scan to index.")
    var input: String

    @Option(name: .shortAndLong, help: "The orientation map to write (.ang, or .ctf).")
    var output: String

    @OptionGroup(title: "Indexing") var indexing: IndexingOptions

    @Option(help: "The map's columns x rows, for a scan whose file holds no map (.npy, an image folder without scan.json).")
    var map: PatternSize?

    @Option(help: "Threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the run's figures as JSON on standard output.")
    var json = false

    @Option(help: "Also draw the orientation map in IPF-Z colours (the sample normal's crystal direction, coloured as OIM and orix colour it) into this PNG.")
    var ipfMap: String?

    @Option(
        help: "Index only the K-th of N equal parts of the scan into -o PART.ang.mappart (or .ctf.mappart); 'kikuchi merge' joins the parts into the map."
    )
    var shard: ShardArgument?

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    /// The kind of map written: the output's extension, or the one before `.mappart` for a shard.
    private var mapFormat: String {
        let name = shard == nil ? output : (output as NSString).deletingPathExtension
        return (name as NSString).pathExtension.lowercased()
    }

    func validate() throws {
        guard indexing.given else { throw ValidationError("give one of --phase and --master, and --pc") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if shard != nil {
            guard (output as NSString).pathExtension == OrientationMapPart.fileExtension, ["ang", "ctf"].contains(mapFormat) else {
                throw ValidationError("with --shard, -o must name a part file PART.ang.mappart or PART.ctf.mappart, not '\(output)'")
            }
            if ipfMap != nil { throw ValidationError("--ipf-map needs the whole map: draw it with 'kikuchi index' unsharded") }
            if indexing.refinePc {
                throw ValidationError("--refine-pc writes the mean centre of every pattern: refine it unsharded, then shard with --pc")
            }
        } else if !["ang", "ctf"].contains(mapFormat) {
            throw ValidationError("-o must name an .ang or .ctf file, not '\(output)'")
        }
        if let ipfMap, (ipfMap as NSString).pathExtension.lowercased() != "png" {
            throw ValidationError("--ipf-map must name a .png file, not '\(ipfMap)'")
        }
    }

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            let inputs = [input, indexing.master].compactMap { $0 }
            let destination = try OutputPath(output, overwrite: outputOptions.overwrite, inputs: inputs)
            let picture = try ipfMap.map { try OutputPath($0, overwrite: outputOptions.overwrite, inputs: inputs + [output]) }
            defer { picture?.discard() }
            let scan = reader.scan
            let geometry = try mapGeometry(of: scan)
            let ctf = mapFormat == "ctf"
            if ctf && geometry.grid == .hex {
                throw KikuchiError.badInput(input, "is a hexagonal-grid map, which a .ctf cannot hold; write an .ang")
            }
            let detector = try indexing.detector(width: scan.width, height: scan.height)
            let crystal = try indexing.crystal()
            let settings = indexing.settings(width: scan.width, threads: threads)
            let (refine, resolution) = (indexing.refine || indexing.refinePc, indexing.resolution)
            let started = Date()
            let indexer = try ScanIndexer(master: crystal.master, detector: detector, group: crystal.group, settings: settings)
            let range = shard?.shard.range(of: scan.count) ?? 0..<scan.count
            let share = shard.map {
                OrientationMapPart.Share(
                    index: $0.shard.index, count: $0.shard.count, range: range,
                    identity:
                        "\((input as NSString).lastPathComponent) \(scan.count) patterns of \(scan.width) x \(scan.height); "
                        + "\(indexing.phase ?? (indexing.master.map { ($0 as NSString).lastPathComponent } ?? "")) tilt \(indexing.placement.tilt) "
                        + "\(crystal.kilovolts) kV elevation \(indexing.placement.elevation) background \(settings.backgroundSigma ?? 0) mask \(indexing.circularMask)"
                )
            }
            let part: PatternReader = shard == nil ? reader : PatternRangeReader(reader, range: range)
            let count = part.scan.count
            let matching = ProgressBar(total: count, label: "patterns matched", quiet: outputOptions.quiet)
            let matches = try indexer.match(part, scanPath: input) { done, total in
                matching.update(done * count / max(total, 1))
            }
            let refining = ProgressBar(total: count, label: refine ? "patterns refined" : "patterns written", quiet: outputOptions.quiet)
            let (rows, summary) = try indexer.rows(part, matches: matches) { done, _ in refining.update(done) }
            // With --refine-pc the header carries the mean refined centre.
            let centre = summary.patternCentre.map { PatternCentre(brukerX: $0[0], y: $0[1], z: $0[2]) } ?? detector.patternCentre
            let ang = AngFile(
                geometry: geometry, patternCentre: AngFile.edaxPatternCentre(centre, width: scan.width, height: scan.height),
                phase: crystal.angPhase,
                operatorLine:
                    "kikuchi index: dictionary \(summary.dictionarySize) orientations at \(resolution) degrees\(refine ? ", refined" : "")\(indexing.refinePc ? " with the pattern centre" : "")"
            )
            if ctf {
                try CtfFile(geometry: geometry, phase: crystal.angPhase, kilovolts: crystal.kilovolts, sampleTilt: indexing.placement.tilt)
                    .write(rows, to: destination, share: share)
            } else {
                try ang.write(rows, to: destination, share: share)
            }
            if let picture {
                let colours = IPFColourKey(group: crystal.group).rgb(rows.map { UnitQuaternion($0.orientation) })
                try ColourPicture(map: colours, geometry: geometry, scale: ColourPicture.mapScale(columns: geometry.columns))
                    .writePNG(to: picture.temporaryPath)
                try picture.commit()
            }
            let seconds = Date().timeIntervalSince(started)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let report = Report(summary: summary, seconds: seconds, output: output, pointGroup: crystal.group.name)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else if !outputOptions.quiet {
                print(
                    String(
                        format: "indexed %d patterns against %d orientations (%@, %.2g degrees)%@: median NCC %.3f; %@ in %.1f s",
                        summary.patterns, summary.dictionarySize, crystal.group.name, resolution,
                        refine ? String(format: ", refined by %.2f degrees on average", summary.meanRefinementDegrees) : "",
                        summary.medianScore, output, seconds))
                if let mean = summary.patternCentre, let sd = summary.patternCentreDeviation {
                    print(
                        String(
                            format: "refined pattern centre (Bruker) %.4f, %.4f, %.4f; standard deviation over the patterns %.4f, %.4f, %.4f",
                            mean[0], mean[1], mean[2], sd[0], sd[1], sd[2]))
                }
            }
        }
    }

    /// The figures `--json` prints.
    private struct Report: Encodable {
        var summary: ScanIndexer.Summary
        var seconds: Double
        var output: String
        var pointGroup: String
    }

    /// The scan's map, or --map for a file that holds none; a map must hold every pattern.
    private func mapGeometry(of scan: ScanDescription) throws -> MapGeometry {
        if let map {
            let geometry = MapGeometry(columns: map.width, rows: map.height)
            guard geometry.patternCount == scan.count else {
                throw KikuchiError.badInput(input, "holds \(scan.count) patterns but --map \(map.width)x\(map.height) has \(geometry.patternCount) positions")
            }
            return geometry
        }
        let mapless: Set<ScanFormat> = [.npy, .imageFolder]
        if let format = scan.format, mapless.contains(format), scan.geometry.rows <= 1, scan.count > 1 {
            throw KikuchiError.badInput(
                input, "holds no map geometry (\(format.displayName)), which an orientation map needs; give the map as --map COLUMNSxROWS")
        }
        return scan.geometry
    }
}
