import Foundation
import KikuchiCore
import KikuchiNN

/// A training run and the files it keeps beside the model (say `out/model.h5`):
/// `out/model.checkpoint` after every epoch (what a resumed run continues from),
/// `out/model.history.csv` and the loss curve `out/model.loss.png`, each replaced atomically.
/// The model itself is written under a temporary name and renamed when training is complete.
public struct TrainingRun {
    /// The model file to write: `.h5` (legacy Keras) or `.keras`.
    public var output: String
    public var configuration: TrainingConfiguration
    /// Continue from the checkpoint beside the output.
    public var resume = false
    /// Replace the output and an earlier run's checkpoint.
    public var overwrite = false

    public init(output: String, configuration: TrainingConfiguration) {
        self.output = output
        self.configuration = configuration
    }

    /// `out/model.h5` -> `out/model`: the stem of the files written beside the model.
    public static func stem(of output: String) -> String {
        let lowered = output.lowercased()
        for suffix in [".keras", ".hdf5", ".h5"] where lowered.hasSuffix(suffix) {
            return String(output.dropLast(suffix.count))
        }
        return output
    }

    public var stem: String { Self.stem(of: output) }
    public var checkpointPath: String { stem + ".checkpoint" }

    /// Claims the output, refusing one of `inputs` and an earlier run's checkpoint that would be
    /// neither continued nor replaced.
    public func claimOutput(inputs: [String]) throws -> OutputPath {
        let destination = try OutputPath(output, overwrite: overwrite, inputs: inputs)
        if !resume && !overwrite && FileManager.default.fileExists(atPath: checkpointPath) {
            throw KikuchiError.badInput(checkpointPath, "a checkpoint of an earlier run is there; pass --resume to continue it or --overwrite to start again")
        }
        return destination
    }

    /// What a run reports while it trains.
    public struct Events {
        /// The epochs done before this run, when it resumed after at least one.
        public var resumed: (_ epochsDone: Int) -> Void = { _ in }
        /// The start of an epoch of `patterns` training patterns; returns the epoch's progress report.
        public var epochStarted: (_ patterns: Int) -> (_ done: Int) -> Void = { _ in { _ in } }
        /// An epoch done, with the run's trainer (for its history and whether it stopped early).
        public var epochFinished: (_ record: EpochRecord, _ trainer: Trainer) -> Void = { _, _ in }

        public init() {}
    }

    /// Trains `model` on `data` until the epochs are done or validation stops improving, writing
    /// the checkpoint and the history after every epoch, then the model to `destination`.
    ///
    /// - Parameter modelName: names the model in a refusal of the model or the data.
    public func train(
        _ model: Model, on data: TrainingSource, modelName: String, to destination: OutputPath,
        events: Events = Events()
    ) throws {
        let trainer: Trainer
        do {
            trainer = try Trainer(model: model, data: data, configuration: configuration)
        } catch let error as KikuchiError {
            throw error.attributed(to: modelName)
        }
        if resume { try trainer.restoreCheckpoint(from: checkpointPath) }
        if resume && trainer.epochsDone > 0 { events.resumed(trainer.epochsDone) }
        while !trainer.isFinished {
            let progress = events.epochStarted(trainer.trainingCount)
            let record = try trainer.runEpoch { done, _ in progress(done) }
            try trainer.writeCheckpoint(to: checkpointPath)
            try writeHistory(trainer.history)
            events.epochFinished(record, trainer)
        }
        try writeHistory(trainer.history)
        do {
            try KerasModelFile.save(model, to: destination.temporaryPath, archive: output.lowercased().hasSuffix(".keras"))
            try destination.commit()
        } catch {
            destination.discard()
            throw error
        }
    }

    /// A new model of `architecture` (a built-in name or a Keras JSON file) with seeded
    /// Glorot-uniform kernels, for `patternSize` x `patternSize` patterns when square.
    ///
    /// A U-Net pads its input to a multiple of 2^levels, so a crop must fit that padding too:
    /// refused, with a crop that fits, otherwise.
    public static func newModel(architecture: String, patternSize: Int?, crop: Int?, seed: UInt64) throws -> Model {
        let kind = KerasModelFile.Architecture(argument: architecture)
        if [.ebsdUNet, .neighbourUNet, .residualNeighbourUNet].contains(kind), let crop, let patternSize {
            let pad = EBSDUNet.padding(forSide: patternSize)
            let multiple = 1 << EBSDUNet.levels
            guard (crop + pad.before + pad.after) % multiple == 0 else {
                let padded = pad.before + pad.after
                let below = (crop + padded) / multiple * multiple - padded
                let fitting = below >= 1 ? below : below + multiple
                throw KikuchiError.badInput(
                    "--crop",
                    "\(EBSDUNet.architectureName) pads \(patternSize)-pixel patterns by \(padded), so a crop plus \(padded) must be a multiple of \(multiple) (\(crop) is not; \(fitting) is)"
                )
            }
        }
        let model = try kind.makeModel(inputSize: patternSize)
        var random = TrainingRandom(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        WeightInitializer.glorotUniform(model, random: &random)
        return model
    }

    /// The history CSV and the loss-curve PNG beside the model, each replaced atomically.
    private func writeHistory(_ history: [EpochRecord]) throws {
        let csvPath = stem + ".history.csv", pngPath = stem + ".loss.png"
        do {
            try Data(LossCurvePlot.csv(history).utf8).write(to: URL(fileURLWithPath: csvPath), options: .atomic)
            try Data(LossCurvePlot.png(history, file: pngPath)).write(to: URL(fileURLWithPath: pngPath), options: .atomic)
        } catch let error as KikuchiError {
            throw error
        } catch {
            throw KikuchiError.processing(csvPath, "cannot write the training history: \(error.localizedDescription)")
        }
    }
}
