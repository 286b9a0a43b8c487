import ArgumentParser
import Foundation
import KikuchiSim

/// What the simulated detector does besides shot noise (`kikuchi simulate` of a scan): blur, read
/// noise and the effects of `DetectorEffects`, each off or at `NoiseModel`'s default unless given.
struct DetectorOptions: ParsableArguments {
    @Option(help: "Detector blur, the Gaussian sigma in pixels (0: none).")
    var blur = NoiseModel().blurSigma

    @Option(help: "Read noise, counts (standard deviation).")
    var readNoise = NoiseModel().readNoise

    @Option(help: ArgumentHelp("A circular screen of this radius, in half the pattern's smaller side; dark outside.", valueName: "radius"))
    var screen: Double?

    @Option(
        help: ArgumentHelp(
            "A soft shadow: its direction in degrees, its edge's offset from the centre in half the smaller side, the fraction of light it takes.",
            valueName: "angle,offset,depth"))
    var shadow: String?

    @Option(help: "Vignetting: the fraction of light lost in the corners, in [0, 1).")
    var vignetting = 0.0

    @Option(help: "The camera's response curve: counts C become D (C / D)^GAMMA, D the dose.")
    var gamma = 1.0

    @Option(help: "The camera's dark level, counts added to every pixel.")
    var cameraOffset = 0.0

    @Option(help: "Fraction of hot pixels (the same in every pattern; not in --clean).")
    var hotPixels = 0.0

    private var parsedShadow: DetectorEffects.Shadow? {
        guard let shadow else { return nil }
        let parts = shadow.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let angle = parts[0], let offset = parts[1], let depth = parts[2],
            angle.isFinite, offset.isFinite, (0...1).contains(depth)
        else { return nil }
        return DetectorEffects.Shadow(angle: angle, offset: offset, depth: depth)
    }

    func validate() throws {
        if !(blur >= 0 && blur.isFinite) { throw ValidationError("--blur must be a sigma of 0 or more pixels, not \(blur)") }
        if !(readNoise >= 0 && readNoise.isFinite) { throw ValidationError("--read-noise must be 0 or more counts, not \(readNoise)") }
        if let screen, !(screen > 0 && screen.isFinite) { throw ValidationError("--screen must be a positive radius, not \(screen)") }
        if shadow != nil && parsedShadow == nil {
            throw ValidationError("--shadow must be angle,offset,depth with the depth in [0, 1], not '\(shadow!)'")
        }
        if !(0..<1).contains(vignetting) { throw ValidationError("--vignetting must be in [0, 1), not \(vignetting)") }
        if !(gamma > 0 && gamma.isFinite) { throw ValidationError("--gamma must be positive, not \(gamma)") }
        if !(cameraOffset >= 0 && cameraOffset.isFinite) { throw ValidationError("--camera-offset must be 0 or more counts, not \(cameraOffset)") }
        if !(0..<1).contains(hotPixels) { throw ValidationError("--hot-pixels must be a fraction in [0, 1), not \(hotPixels)") }
    }

    /// Whether any option differs from its default.
    var changesScan: Bool {
        var given = NoiseModel(), standard = NoiseModel()
        apply(to: &given)
        return given.blurSigma != standard.blurSigma || given.readNoise != standard.readNoise || !given.effects.isEmpty
    }

    /// `noise` with these settings.
    func apply(to noise: inout NoiseModel) {
        noise.blurSigma = blur
        noise.readNoise = readNoise
        var effects = DetectorEffects()
        effects.screenRadius = screen
        effects.shadow = parsedShadow
        effects.vignetting = vignetting
        effects.gamma = gamma
        effects.cameraOffset = cameraOffset
        effects.hotPixelFraction = hotPixels
        noise.effects = effects
    }
}
