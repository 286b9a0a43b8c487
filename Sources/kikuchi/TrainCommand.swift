import ArgumentParser
import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiNN

extension Loss: ExpressibleByArgument {}

/// `kikuchi train (--noisy IN --clean IN | --simulate N) -o MODEL`: trains a denoising model on
/// pattern pairs, given or simulated.
///
/// Beside MODEL (say `out/model.h5`) it writes `out/model.checkpoint` after every epoch (what
/// `--resume` continues from), `out/model.history.csv` and the loss curve `out/model.loss.png`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a denoising model on noisy/clean pattern pairs (Adam, MSE or MAE), saved as a Keras model.",
        discussion: """
        Pixels are scaled to [0, 1] by their type's range (uint8 / 255, uint16 / 65535, float32 as stored). \
        The last --validation fraction of the patterns validates (as Keras' validation_split); the rest train, \
        shuffled every epoch unless --no-shuffle. Learning-rate decay per epoch e: exponential:R gives lr * R^e, \
        inverse-time:R gives lr / (1 + R e).
        """)

    @Option(help: "The noisy patterns (any scan kind kikuchi reads); with --neighbours, one whole map per --noisy, repeated.") var noisy: [String] = []
    @Option(help: "The clean patterns, as many and as large as the noisy ones (with --neighbours, one per --noisy, in order).") var clean: [String] = []
    @Flag(help: "Train a neighbour network for `denoise --method nlpar-network`: each sample is a pattern's 3 x 3 map neighbourhood and NLPAR's output (10 channels), the target its clean pattern standardised.")
    var neighbours = false
    @Option(help: "With --neighbours: the averaging beside the neighbourhood, nlpar (for `denoise --method nlpar-network`) or regions (`regions-network`).")
    var averaging: NeighbourAveraging = .nlpar
    @Option(help: "With --neighbours: NLPAR's lambda, or 'auto'.") var lambda = "auto"
    @Option(help: "With --neighbours: the averaging's search radius in map steps.") var radius = 3
    @Option(help: ArgumentHelp("Train on N simulated pairs instead (as `kikuchi simulate --training-set N`), written beside the model as STEM.simulated-noisy.h5 and STEM.simulated-clean.h5 and removed when the model is saved.", valueName: "N"))
    var simulate: Int?
    @Option(help: "With --simulate: an EMsoft master pattern drawn besides the kinematical phases.") var master: String?
    @Option(help: "With --simulate: the pattern size of the pairs.") var size = PatternSize(argument: "236x236")!
    @OptionGroup var trainingConditions: TrainingSetConditions
    @Option(name: [.short, .customLong("output")], help: "The trained model: .h5 (legacy Keras) or .keras.") var output: String
    @Option(name: .customLong("init"), help: "Start from this Keras model (weights-only files need --architecture).") var initialModel: String?
    @Option(help: "A new model of this architecture (ebsd-autoencoder, ebsd-unet, neighbour-unet or a Keras JSON file) with Glorot-uniform weights; with --init, the layers of a weights-only file.")
    var architecture: String?
    @Option(help: "Epochs to train.") var epochs = 10
    @Option(help: "Patterns per optimiser step.") var batchSize = 32
    @Option(help: "Adam's learning rate.") var learningRate = 0.001
    @Option(help: "Learning-rate decay per epoch: exponential:R or inverse-time:R.") var decay: String?
    @Option(help: "Loss: mse or mae.") var loss: Loss = .mse
    @Option(help: "Train on random CxC crops of the patterns (validation on centre crops).") var crop: Int?
    @Option(help: "Fraction of the patterns, taken from the end, held out for validation.") var validation = 0.0
    @Flag(help: "Keep the patterns in order (Keras' shuffle=False).") var noShuffle = false
    @Option(help: "Seed of the shuffling, crops, dropout and new weights.") var seed: UInt64 = 1
    @Flag(help: "Continue from the checkpoint beside the output.") var resume = false
    @Option(help: "Stop after this many epochs without a lower validation loss.") var patience: Int?
    @Option(help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Replace the output (and an earlier run's checkpoint) if they exist.") var overwrite = false
    @Flag(help: "No progress bar.") var quiet = false

    /// `out/model.h5` -> `out/model` (the stem of the files written beside the model).
    static func stem(of output: String) -> String {
        let lowered = output.lowercased()
        for suffix in [".keras", ".hdf5", ".h5"] where lowered.hasSuffix(suffix) {
            return String(output.dropLast(suffix.count))
        }
        return output
    }

    /// A fresh averaging of the kind `--averaging` names, for one training map.
    func neighbourAveraging() throws -> MapNeighbourAveraging {
        switch averaging {
        case .nlpar:
            return try NonLocalPatternAveraging(lambda: try NonLocalPatternAveraging.lambda(from: lambda), searchRadius: radius)
        case .regions:
            return try RegionMergingAveraging(radius: radius, threads: max(1, threads))
        }
    }

    func validate() throws {
        if neighbours {
            guard simulate == nil, !noisy.isEmpty, noisy.count == clean.count else {
                throw ValidationError("--neighbours trains on maps: give one --clean for each --noisy map")
            }
            return
        }
        switch (noisy.count, clean.count, simulate) {
        case (1, 1, nil):
            if master != nil { throw ValidationError("--master goes with --simulate") }
        case (0, 0, .some(let count)):
            if count < 2 { throw ValidationError("--simulate needs at least 2 pairs") }
            try trainingConditions.validate()
        default:
            throw ValidationError("give --noisy and --clean, or --simulate N")
        }
    }

    func run() throws {
        try reportingModelErrors {
            var settings = TrainingConfiguration()
            settings.epochs = epochs
            settings.batchSize = batchSize
            settings.learningRate = learningRate
            if let decay {
                guard let parsed = LearningRateDecay(argument: decay) else {
                    throw KikuchiError.badInput("--decay", "'\(decay)' is not exponential:R or inverse-time:R with R >= 0")
                }
                settings.decay = parsed
            }
            settings.loss = loss
            settings.crop = crop
            settings.validationFraction = validation
            settings.shuffle = !noShuffle
            settings.seed = seed
            settings.patience = patience
            settings.threads = max(1, threads)

            let stem = TrainCommand.stem(of: output)
            let checkpoint = stem + ".checkpoint"
            let pairs = simulate == nil ? (noisy[0], clean[0]) : (stem + ".simulated-noisy.h5", stem + ".simulated-clean.h5")
            let destination = try OutputPath(output, overwrite: overwrite,
                                             inputs: [pairs.0, pairs.1] + noisy + clean + [initialModel, master].compactMap { $0 })
            if !resume && !overwrite && FileManager.default.fileExists(atPath: checkpoint) {
                throw KikuchiError.badInput(checkpoint, "a checkpoint of an earlier run is there; pass --resume to continue it or --overwrite to start again")
            }
            if let simulate, !(resume && [pairs.0, pairs.1].allSatisfy(FileManager.default.fileExists(atPath:))) {
                let simulation = try trainingConditions.simulation(count: simulate, size: size, master: master, kilovolts: nil, seed: seed)
                try SimulationWriter.writePairs(simulation, to: pairs.0, clean: pairs.1, conditions: nil, threads: threads,
                                                options: WriteOptions(overwrite: true, inputs: [master].compactMap { $0 }), quiet: quiet)
            }
            let data: TrainingSource = neighbours
                ? try NeighbourTrainingSet(noisy: noisy, clean: clean, averaging: neighbourAveraging, threads: max(1, threads))
                : try TrainingPairs(noisy: pairs.0, clean: pairs.1)
            let model = try makeModel(patternSize: data.height == data.width ? data.height : nil)
            let trainer: Trainer
            do {
                trainer = try Trainer(model: model, data: data, configuration: settings)
            } catch let error as ModelError {
                throw error.attributed(to: initialModel ?? architecture ?? "the model")
            }
            if resume { try trainer.restoreCheckpoint(from: checkpoint) }
            if resume && trainer.epochsDone > 0 {
                print("resuming after epoch \(trainer.epochsDone) of \(epochs)")
            }
            while !trainer.isFinished {
                let bar = ProgressBar(total: trainer.trainingCount, label: "patterns", quiet: quiet)
                let record = try trainer.runEpoch { done, _ in bar.update(done) }
                try trainer.writeCheckpoint(to: checkpoint)
                try writeHistory(trainer.history, stem: stem)
                let validationText = record.validationLoss.map { String(format: "  val_loss %.6g", $0) } ?? ""
                print(String(format: "epoch %d/%d  loss %.6g%@  lr %.3g  %.1f s  %.1f patterns/s", record.epoch, epochs, record.loss,
                             validationText, record.learningRate, record.seconds, Double(trainer.trainingCount) / max(record.seconds, 1e-9)))
                if trainer.stoppedEarly {
                    print("stopping early: no lower validation loss for \(patience ?? 0) epochs")
                }
            }
            try writeHistory(trainer.history, stem: stem)
            do {
                try KerasModelFile.save(model, to: destination.temporaryPath, archive: output.lowercased().hasSuffix(".keras"))
                try destination.commit()
                if simulate != nil {
                    try? FileManager.default.removeItem(atPath: pairs.0)
                    try? FileManager.default.removeItem(atPath: pairs.1)
                }
            } catch {
                destination.discard()
                throw error
            }
        }
    }

    /// The model to train: --init (with --architecture for a weights-only file), or a new one of
    /// --architecture with seeded Glorot-uniform kernels.
    private func makeModel(patternSize: Int?) throws -> Model {
        if let initialModel {
            return try KerasModelFile.load(initialModel, architecture: architecture.map(KerasModelFile.Architecture.init(argument:)))
        }
        guard let architecture else {
            throw KikuchiError.badInput("kikuchi train", "give --init MODEL or --architecture (ebsd-autoencoder, ebsd-unet or a Keras JSON file)")
        }
        let kind = KerasModelFile.Architecture(argument: architecture)
        if [.ebsdUNet, .neighbourUNet].contains(kind), let crop, let patternSize {
            let pad = EBSDUNet.padding(forSide: patternSize)
            let multiple = 1 << EBSDUNet.levels
            guard (crop + pad.before + pad.after) % multiple == 0 else {
                let padded = pad.before + pad.after
                let below = (crop + padded) / multiple * multiple - padded
                let fitting = below >= 1 ? below : below + multiple
                throw KikuchiError.badInput("--crop", "\(EBSDUNet.architectureName) pads \(patternSize)-pixel patterns by \(padded), so a crop plus \(padded) must be a multiple of \(multiple) (\(crop) is not; \(fitting) is)")
            }
        }
        let model = try kind.makeModel(inputSize: patternSize)
        var random = TrainingRandom(seed: seed ^ 0x5EED_5EED_5EED_5EED)
        WeightInitializer.glorotUniform(model, random: &random)
        return model
    }

    /// The history CSV and the loss-curve PNG beside the model, each replaced atomically.
    private func writeHistory(_ history: [EpochRecord], stem: String) throws {
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

/// The averagings a neighbour network can be trained beside.
enum NeighbourAveraging: String, ExpressibleByArgument, CaseIterable {
    case nlpar
    case regions
}
