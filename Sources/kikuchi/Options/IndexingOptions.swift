import ArgumentParser
import Foundation
import KikuchiIndex
import KikuchiSim

/// What dictionary indexing needs (`kikuchi index`, `kikuchi compare --index`): the crystal, the
/// detector and the dictionary.
struct IndexingOptions: ParsableArguments {
    @Option(help: "The phase, for its kinematical master pattern: \(CrystalPhase.names.joined(separator: ", ")).")
    var phase: String?

    @Option(help: "An EMsoft EBSD master pattern file instead of --phase.")
    var master: String?

    @Option(help: "Beam energy, kV (with --master: the energy to take from the file; default its highest; else 20).")
    var kv: Double?

    @Option(help: "Pattern centre X,Y,Z in the --pc-convention.")
    var pc: PatternCentreArgument?

    @OptionGroup var placement: DetectorGeometryOptions

    @Option(help: "Mean angle between dictionary orientations, degrees.")
    var resolution = 2.0

    @Flag(help: "Refine each orientation (Nelder-Mead on the cross-correlation).")
    var refine = false

    @Flag(
        help:
            "Refine each pattern's pattern centre with its orientation (implies --refine); the map's header carries the mean of the refined centres."
    )
    var refinePc = false

    @Option(
        help:
            "Refinement starts from this many dictionary matches: the best one and the next best at least --resolution from each start taken; the best fit is kept (a coarse dictionary's best match can lie in the wrong place)."
    )
    var candidates = 1

    @Option(help: "Dynamic background blur before matching, pixels (default: pattern width / 8; 0: patterns used as they are).")
    var backgroundSigma: Double?

    @Flag(help: "Compare only the pixels inside the circle of the pattern's smaller side.")
    var circularMask = false

    /// Whether any indexing option was given.
    var given: Bool { phase != nil || master != nil || pc != nil }

    func validate() throws {
        guard given else { return }
        guard (phase == nil) != (master == nil) else { throw ValidationError("give one of --phase and --master") }
        guard pc != nil else { throw ValidationError("indexing needs the pattern centre: --pc X,Y,Z") }
        if let phase, CrystalPhase(name: phase) == nil {
            throw ValidationError("unknown phase '\(phase)'; choose one of \(CrystalPhase.names.joined(separator: ", "))")
        }
        try placement.check()
        if let kv, !(kv > 0 && kv.isFinite) { throw ValidationError("--kv must be a positive number of kilovolts") }
        if !(resolution >= 0.5 && resolution <= 20) { throw ValidationError("--resolution must be between 0.5 and 20 degrees, not \(resolution)") }
        if !(1...20).contains(candidates) { throw ValidationError("--candidates must be between 1 and 20, not \(candidates)") }
        if candidates > 1, !(refine || refinePc) { throw ValidationError("--candidates chooses where refinement starts: give --refine too") }
        if let backgroundSigma, !(backgroundSigma >= 0 && backgroundSigma.isFinite) {
            throw ValidationError("--background-sigma must be 0 or more pixels, not \(backgroundSigma)")
        }
    }

    /// The detector for patterns of `width` x `height`; a pattern centre off the detector is refused.
    func detector(width: Int, height: Int) throws -> DetectorGeometry {
        let pc = self.pc!
        let centre = placement.patternCentre(pc, width: width, height: height)
        guard (0...1).contains(centre.x), (0...1).contains(centre.y), centre.z > 0, centre.z.isFinite else {
            throw ValidationError(
                "--pc \(pc.x),\(pc.y),\(pc.z) (\(placement.pcConvention)) lies outside the \(width) x \(height) detector or has no distance: in Bruker's terms (\(centre.x), \(centre.y), \(centre.z)) the first two must be in 0...1 and the last positive"
            )
        }
        return placement.detector(width: width, height: height, centre: centre)
    }

    /// The crystal: the kinematical master of --phase or the EMsoft file of --master.
    func crystal() throws -> IndexingPhase {
        if let master { return try IndexingPhase(emsoftMaster: master, kilovolts: kv) }
        return IndexingPhase(phase: CrystalPhase(name: phase!)!, kilovolts: kv ?? 20)
    }

    /// The indexer's settings for patterns `width` pixels wide.
    func settings(width: Int, threads: Int) -> ScanIndexer.Settings {
        var settings = ScanIndexer.Settings()
        settings.resolution = resolution
        settings.refine = refine || refinePc
        settings.refinePatternCentre = refinePc
        settings.candidates = candidates
        let blur = backgroundSigma ?? Double(width) / 8
        settings.backgroundSigma = blur > 0 ? blur : nil
        settings.circularMask = circularMask
        settings.threads = threads
        return settings
    }
}
