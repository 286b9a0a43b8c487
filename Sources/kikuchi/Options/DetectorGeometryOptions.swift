import ArgumentParser
import KikuchiSim

/// Where the detector stands (`simulate`, `index`, `compare --index`): the pattern centre's
/// convention and EMsoft units, the sample tilt and the camera elevation. The pattern centre itself
/// stays with each command: simulate has a default, indexing needs one given.
struct DetectorGeometryOptions: ParsableArguments {
    @Option(help: "Pattern centre convention: edax (tsl), bruker, oxford, emsoft, emsoft4.")
    var pcConvention = "edax"

    @Option(help: "Detector binning (EMsoft pattern centres only).")
    var binning = 1

    @Option(help: "Unbinned detector pixel size in micrometres (EMsoft pattern centres only).")
    var pixelSize = 1.0

    @Option(help: "Sample tilt, degrees.")
    var tilt = 70.0

    @Option(help: "Camera elevation, degrees.")
    var elevation = 0.0

    /// The checks of these options, for the commands to call where they use them (a nested group's
    /// own `validate` would run for `compare` without `--index` too).
    func check() throws {
        guard PatternCentreConvention(name: pcConvention) != nil else {
            throw ValidationError("unknown --pc-convention '\(pcConvention)'; choose edax, bruker, oxford or emsoft")
        }
        if !(0..<90).contains(tilt) { throw ValidationError("--tilt must be between 0 and 90 degrees") }
        if binning < 1 || !(pixelSize > 0) { throw ValidationError("--binning and --pixel-size must be positive") }
    }

    /// The pattern centre `pc` (in the convention) on a `width` x `height` detector.
    func patternCentre(_ pc: PatternCentreArgument, width: Int, height: Int) -> PatternCentre {
        PatternCentre(
            pc.x, pc.y, pc.z, convention: PatternCentreConvention(name: pcConvention)!, width: width, height: height,
            binning: binning, pixelSize: pixelSize)
    }

    /// The detector of `width` x `height` at `centre`.
    func detector(width: Int, height: Int, centre: PatternCentre) -> DetectorGeometry {
        DetectorGeometry(width: width, height: height, patternCentre: centre, sampleTilt: tilt, elevation: elevation)
    }
}
