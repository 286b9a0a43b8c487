import ArgumentParser
import Foundation
import KikuchiIO
import KikuchiSim

/// The conditions of simulated training pairs (`kikuchi simulate --training-set N`, `kikuchi
/// train --simulate N`): noisy / clean pairs under varied conditions, prepared as the denoiser
/// prepares patterns (see `TrainingSetSimulation`).
struct TrainingSetConditions: ParsableArguments {
    @Option(help: "Kinematical phases of a training set, comma-separated (drawn besides --master).")
    var phases = CrystalPhase.names.joined(separator: ",")

    @Option(help: "Fraction of a training set drawn from the --master EMsoft pattern.")
    var masterFraction = 0.5

    @Option(help: ArgumentHelp("Dose range of a training set, counts per pixel (drawn log-uniformly).", valueName: "low:high"))
    var doseRange = "1:100"

    /// The dose range parsed, or nil when malformed.
    private var parsedDoseRange: ClosedRange<Double>? {
        let parts = doseRange.split(separator: ":").map { Double($0) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low > 0, high >= low, high.isFinite else { return nil }
        return low...high
    }

    private var phaseNames: [String] {
        phases.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if parsedDoseRange == nil { throw ValidationError("--dose-range must be low:high with 0 < low <= high, not '\(doseRange)'") }
        if !(0...1).contains(masterFraction) { throw ValidationError("--master-fraction must be between 0 and 1") }
        if let unknown = phaseNames.first(where: { CrystalPhase(name: $0) == nil }) {
            throw ValidationError("unknown phase '\(unknown)' in --phases; choose from \(CrystalPhase.names.joined(separator: ", "))")
        }
    }

    /// The training-set simulation of `count` pairs of `size`.
    func simulation(count: Int, size: PatternSize, master: String?, kilovolts: Double?, seed: UInt64) throws -> TrainingSetSimulation {
        let emsoft =
            try master.map { [TrainingSetSimulation.Source(name: "emsoft", master: try EMsoftMasterPatternFile.read($0, energy: kilovolts).pattern)] } ?? []
        let fraction = master == nil ? 0 : masterFraction
        let kinematical =
            fraction >= 1
            ? []
            : phaseNames.map {
                TrainingSetSimulation.Source(name: $0, master: KinematicalMasterPattern(phase: CrystalPhase(name: $0)!, kilovolts: kilovolts ?? 20).lambert())
            }
        var ranges = TrainingSetSimulation.Ranges()
        ranges.dose = parsedDoseRange!
        return try TrainingSetSimulation(
            emsoft: emsoft, kinematical: kinematical, masterFraction: fraction, ranges: ranges,
            outputWidth: size.width, outputHeight: size.height, count: count, seed: seed)
    }
}
