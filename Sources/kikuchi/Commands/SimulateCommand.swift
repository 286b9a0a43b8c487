import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim
import KikuchiWorkflows

/// `kikuchi simulate`: a scan of simulated EBSD patterns with its ground truth.
///
/// A master pattern (kinematical for `--phase`, or EMsoft's from `--master`) is projected onto
/// the detector for the orientation of each map position (Voronoi grains, or one orientation per
/// pattern from `--orientations`), recorded through the noise model, and written batch by batch.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a scan of EBSD patterns with known orientations (and its noise-free truth).",
        discussion: """
            Orientations are Bunge Euler angles in degrees in the EDAX/TSL sample frame, as orix, kikuchipy and \
            PyEBSDIndex read them. The pattern centre is EDAX/TSL (x*, y*, z*) unless --pc-convention says otherwise \
            (bruker, oxford, emsoft: x_pc, y_pc in pixels and L in micrometres with --pixel-size and --binning).
            """)

    @Option(name: .shortAndLong, help: "The simulated scan (.up1, .up2, .h5, .npy or a folder).")
    var output: String

    @Option(help: "Crystal phase of the kinematical master pattern: \(CrystalPhase.names.joined(separator: ", ")).")
    var phase = "ni"

    @Option(help: "An EMsoft EBSD master pattern file to project instead of the kinematical one.")
    var master: String?

    @Option(help: "Map columns x rows, e.g. 20x15 (default 20x20, or one row of the --orientations).")
    var map: PatternSize?

    @Flag(help: "Hexagonal grid (odd rows hold columns - 1 patterns).")
    var hex = false

    @Option(help: "Number of grains (Voronoi cells with random orientations).")
    var grains = 10

    @Option(help: "Pattern width x height in pixels (default 120x120; 236x236 for --training-set).")
    var size: PatternSize?

    @Option(help: "Pattern centre X,Y,Z in the --pc-convention.")
    var pc = PatternCentreArgument(argument: "0.5,0.5,0.5")!

    @OptionGroup var placement: DetectorGeometryOptions

    @Option(help: "Beam energy, kV (with --master: the energy to take from the file; default its highest).")
    var kv: Double?

    @Option(help: "Mean counts per pixel (Poisson shot noise and read noise); noise-free without it.")
    var dose: Double?

    @Option(
        help:
            "Band contrast: the fraction of the expected signal that carries the bands; the rest is the smooth background (0.25: the background is three quarters of the signal)."
    )
    var contrast = NoiseModel().contrast

    @Option(
        help:
            "Stored value per detected count (default 1; for 8-bit output, chosen to fit the brightest pixels in 0...255). A 16-bit scan at a low dose keeps fractions of a count only with a gain above 1."
    )
    var gain: Double?

    @Option(help: "Also write the noise-free patterns here.")
    var clean: String?

    @Option(help: "A CSV (header phi1,Phi,phi2) with one orientation per pattern in scan order.")
    var orientations: String?

    @Option(help: "Write the orientation of every pattern to this CSV (header phi1,Phi,phi2).")
    var orientationsOut: String?

    @Option(help: "Bits per stored pixel, 8 or 16 (default 16; 8 for .up1).")
    var depth: Int?

    @Option(help: "Seed of every random choice (grains, orientations, noise).")
    var seed: UInt64 = 1

    @Option(help: "Threads.")
    var threads = 2

    @Option(
        help: ArgumentHelp(
            "Simulate N training pairs instead of a scan: every pattern with its own phase, orientation, detector size, pattern centre, dose, background and blur, scaled to [0, 1] and resized to --size as `kikuchi denoise` does (needs --clean).",
            valueName: "N"))
    var trainingSet: Int?

    @Option(help: "Write the conditions of every training pair to this CSV.")
    var parametersOut: String?

    @OptionGroup var trainingConditions: TrainingSetConditions

    @OptionGroup(title: "Detector") var detectorOptions: DetectorOptions

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard CrystalPhase(name: phase) != nil else {
            throw ValidationError("unknown phase '\(phase)'; choose one of \(CrystalPhase.names.joined(separator: ", "))")
        }
        try placement.check()
        if pc.z <= 0 { throw ValidationError("--pc: the detector distance Z must be positive, not \(pc.z)") }
        if let dose, !(dose > 0 && dose.isFinite) { throw ValidationError("--dose must be a positive number of counts") }
        if let gain, !(gain > 0 && gain.isFinite) { throw ValidationError("--gain must be a positive number, not \(gain)") }
        if !(contrast > 0 && contrast <= 1) { throw ValidationError("--contrast must be in (0, 1], not \(contrast)") }
        if let kv, !(kv > 0 && kv.isFinite) { throw ValidationError("--kv must be a positive number of kilovolts") }
        if grains < 1 { throw ValidationError("--grains must be at least 1") }
        if let depth, depth != 8 && depth != 16 { throw ValidationError("--depth must be 8 or 16") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let trainingSet {
            if trainingSet < 1 { throw ValidationError("--training-set must be at least 1") }
            if clean == nil { throw ValidationError("--training-set needs --clean for the clean patterns") }
            if orientations != nil { throw ValidationError("--training-set draws its own orientations; leave out --orientations") }
            try trainingConditions.validate()
            if detectorOptions.changesScan {
                throw ValidationError("--training-set draws its own blur and background; the detector options are for a scan")
            }
        } else if parametersOut != nil {
            throw ValidationError("--parameters-out needs --training-set")
        }
        let outputs = [output, clean, orientationsOut, parametersOut].compactMap { $0 }.map { ($0 as NSString).standardizingPath }
        if Set(outputs).count != outputs.count { throw ValidationError("-o, --clean, --orientations-out and --parameters-out must be different files") }
    }

    func run() throws {
        try reportingErrors {
            if let trainingSet {
                let simulation = try trainingConditions.simulation(
                    count: trainingSet, size: size ?? PatternSize(argument: "236x236")!,
                    master: master, kilovolts: kv, seed: seed)
                try SimulationWriter.writePairs(
                    simulation, to: output, clean: clean!, conditions: parametersOut, threads: threads,
                    options: writeOptions, progress: progressBar(quiet: outputOptions.quiet))
                return
            }
            let size = self.size ?? PatternSize(argument: "120x120")!
            let given = try orientations.map { try OrientationsCSV.read($0) }
            let geometry = try mapGeometry(orientationCount: given?.count)
            let detector = placement.detector(
                width: size.width, height: size.height, centre: placement.patternCentre(pc, width: size.width, height: size.height))
            let masterPattern: LambertMasterPattern
            if let master {
                masterPattern = try EMsoftMasterPatternFile.read(master, energy: kv).pattern
            } else {
                masterPattern = KinematicalMasterPattern(phase: CrystalPhase(name: phase)!, kilovolts: kv ?? 20).lambert()
            }
            let source: SimulatedScan.Orientations =
                given.map { .perPattern($0) }
                ?? .grains(GrainMap(geometry: geometry, grains: grains, seed: seed))
            let defaultDepth = try ScanFormat.of(path: output) == .edaxUP1 ? 8 : 16
            let pixelType: PixelType = (depth ?? defaultDepth) == 8 ? .uint8 : .uint16
            var noise = NoiseModel(dose: dose)
            noise.contrast = contrast
            detectorOptions.apply(to: &noise)
            noise.fitGain(to: pixelType)
            if let gain { noise.gain = gain }
            let simulation = try SimulatedScan(
                projector: PatternProjector(master: masterPattern, detector: detector), noise: noise,
                geometry: geometry, orientations: source, pixelType: pixelType, seed: seed)
            let writer = SimulationWriter(
                output: output, clean: clean, csv: orientationsOut, csvHeader: OrientationsCSV.header,
                options: writeOptions, progress: progressBar(quiet: outputOptions.quiet))
            try writer.write(scan: simulation.scan) { range in
                let (recorded, truth) = simulation.patterns(range, threads: threads, withClean: clean != nil)
                return (recorded, truth, [OrientationsCSV.lines(range.map { simulation.orientation(of: $0) })])
            }
        }
    }

    /// The map: --map, else one row of the given orientations, else 20 x 20, with a 1 um step;
    /// the orientations must fill it exactly.
    private func mapGeometry(orientationCount: Int?) throws -> MapGeometry {
        var geometry = MapGeometry(columns: map?.width ?? orientationCount ?? 20, rows: map?.height ?? (orientationCount == nil ? 20 : 1))
        if hex {
            // EDAX's hexagonal grid: rows sqrt(3)/2 of a step apart.
            geometry.grid = .hex
            geometry.stepY = 3.0.squareRoot() / 2
        }
        if let orientationCount, let path = orientations, orientationCount != geometry.patternCount {
            throw KikuchiError.badInput(
                path,
                "holds \(orientationCount) orientations but the \(geometry.columns) x \(geometry.rows) \(geometry.grid.rawValue) map has \(geometry.patternCount) patterns"
            )
        }
        guard geometry.patternCount > 0 else { throw ValidationError("--map holds no patterns") }
        return geometry
    }

    private var writeOptions: WriteOptions {
        WriteOptions(overwrite: outputOptions.overwrite, inputs: [orientations, master].compactMap { $0 })
    }
}

/// A pattern centre argument `X,Y,Z`.
struct PatternCentreArgument: ExpressibleByArgument {
    var x: Double
    var y: Double
    var z: Double

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2], x.isFinite, y.isFinite, z.isFinite else { return nil }
        (self.x, self.y, self.z) = (x, y, z)
    }

    var defaultValueDescription: String { "\(x),\(y),\(z)" }
}

extension PatternSize {
    var defaultValueDescription: String { "\(width)x\(height)" }
}
