import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiNN
import KikuchiWorkflows

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
    @Flag(
        help:
            "Train a neighbour network for `denoise --method nlpar-network` or `regions-network`: each sample is a pattern's 3 x 3 map neighbourhood and the --averaging's output of it, the target its clean pattern standardised."
    )
    var neighbours = false
    @Flag(
        help:
            "With --neighbours, learn from the --noisy maps alone (no --clean): each pattern's target is the mean of its region-mates that neither its 3 x 3 window nor the averaging read, whose noise is independent of the input's."
    )
    var selfSupervised = false
    @Option(help: "With --neighbours: the averaging beside the neighbourhood, nlpar (for `denoise --method nlpar-network`) or regions (`regions-network`).")
    var averaging: NeighbourAveraging = .nlpar
    @Option(help: "With --neighbours: NLPAR's lambda, or 'auto'.") var lambda = "auto"
    @Option(help: "With --neighbours: the averaging's search radius in map steps.") var radius = 3
    @Option(
        help: ArgumentHelp(
            "Train on N simulated pairs instead (as `kikuchi simulate --training-set N`), written beside the model as STEM.simulated-noisy.h5 and STEM.simulated-clean.h5 and removed when the model is saved.",
            valueName: "N"))
    var simulate: Int?
    @Option(help: "With --simulate: an EMsoft master pattern drawn besides the kinematical phases.") var master: String?
    @Option(help: "With --simulate: the pattern size of the pairs.") var size = PatternSize(argument: "236x236")!
    @OptionGroup var trainingConditions: TrainingSetConditions
    @Option(name: [.short, .customLong("output")], help: "The trained model: .h5 (legacy Keras) or .keras.") var output: String
    @Option(name: .customLong("init"), help: "Start from this Keras model (weights-only files need --architecture).") var initialModel: String?
    @Option(
        help:
            "A new model of this architecture (\(KerasModelFile.Architecture.choices)) with Glorot-uniform weights; with --init, the layers of a weights-only file."
    )
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

    /// A fresh averaging of the kind `--averaging` names, for one training map.
    func neighbourAveraging() throws -> PatternDenoiser {
        switch averaging {
        case .nlpar:
            return try NonLocalPatternAveraging(lambda: try NonLocalPatternAveraging.lambda(from: lambda), searchRadius: radius)
        case .regions:
            return try RegionAveraging(radius: radius, threads: max(1, threads), keepsReferee: selfSupervised)
        }
    }

    /// The region averaging whose region-mates give the self-supervised targets: the averaging
    /// itself for regions (nil), one of radius r + 1 after NLPAR, whose window and one step
    /// around it the targets leave out (as `denoise`'s blend does).
    func selfSupervisedReferee() throws -> RegionAveraging? {
        averaging == .regions ? nil : try RegionAveraging(radius: radius + 1, threads: max(1, threads), keepsReferee: true)
    }

    func validate() throws {
        if selfSupervised {
            guard neighbours, simulate == nil, !noisy.isEmpty, clean.isEmpty else {
                throw ValidationError("--self-supervised trains a neighbour network on maps alone: give --neighbours and --noisy maps, no --clean")
            }
            return
        }
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
        try reportingErrors {
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

            var run = TrainingRun(output: output, configuration: settings)
            run.resume = resume
            run.overwrite = overwrite
            let pairs = simulate == nil ? (noisy[0], clean.first ?? noisy[0]) : (run.stem + ".simulated-noisy.h5", run.stem + ".simulated-clean.h5")
            let destination = try run.claimOutput(inputs: [pairs.0, pairs.1] + noisy + clean + [initialModel, master].compactMap { $0 })
            if let simulate, !(resume && [pairs.0, pairs.1].allSatisfy(FileManager.default.fileExists(atPath:))) {
                let simulation = try trainingConditions.simulation(count: simulate, size: size, master: master, kilovolts: nil, seed: seed)
                try SimulationWriter.writePairs(
                    simulation, to: pairs.0, clean: pairs.1, conditions: nil, threads: threads,
                    options: WriteOptions(overwrite: true, inputs: [master].compactMap { $0 }),
                    progress: progressBar(quiet: quiet))
            }
            // Self-supervised samples are made at the --init model's declared size, so it is read first.
            let loaded = selfSupervised ? try initialModel.map(loadInitialModel) : nil
            let data: TrainingSource
            if selfSupervised {
                let declared = loaded?.inputShape
                let networkSize = declared.flatMap { shape in shape.width.flatMap { w in shape.height.map { (width: w, height: $0) } } }
                data = try NeighbourTrainingSet(
                    selfSupervised: noisy, averaging: neighbourAveraging, referee: selfSupervisedReferee, networkSize: networkSize,
                    threads: max(1, threads))
                print("self-supervised: \(data.count) patterns with region-mates to learn from")
            } else if neighbours {
                data = try NeighbourTrainingSet(noisy: noisy, clean: clean, averaging: neighbourAveraging, threads: max(1, threads))
            } else {
                data = try TrainingPairs(noisy: pairs.0, clean: pairs.1)
            }
            let model = try loaded ?? makeModel(patternSize: data.height == data.width ? data.height : nil)
            var events = TrainingRun.Events()
            events.resumed = { print("resuming after epoch \($0) of \(epochs)") }
            events.epochStarted = { patterns in
                let bar = ProgressBar(total: patterns, label: "patterns", quiet: quiet)
                return { bar.update($0) }
            }
            events.epochFinished = { record, trainer in
                let validationText = record.validationLoss.map { String(format: "  val_loss %.6g", $0) } ?? ""
                print(
                    String(
                        format: "epoch %d/%d  loss %.6g%@  lr %.3g  %.1f s  %.1f patterns/s", record.epoch, epochs, record.loss,
                        validationText, record.learningRate, record.seconds, Double(trainer.trainingCount) / max(record.seconds, 1e-9)))
                if trainer.stoppedEarly {
                    print("stopping early: no lower validation loss for \(patience ?? 0) epochs")
                }
            }
            try run.train(model, on: data, modelName: initialModel ?? architecture ?? "the model", to: destination, events: events)
            if simulate != nil {
                try? FileManager.default.removeItem(atPath: pairs.0)
                try? FileManager.default.removeItem(atPath: pairs.1)
            }
        }
    }

    /// The model to train: --init (with --architecture for a weights-only file), or a new one of
    /// --architecture with seeded Glorot-uniform kernels.
    private func makeModel(patternSize: Int?) throws -> Model {
        if let initialModel {
            return try loadInitialModel(initialModel)
        }
        guard let architecture else {
            throw KikuchiError.badInput("kikuchi train", "give --init MODEL or --architecture (\(KerasModelFile.Architecture.choices))")
        }
        return try TrainingRun.newModel(architecture: architecture, patternSize: patternSize, crop: crop, seed: seed)
    }
}

extension TrainCommand {
    /// --init, read with --architecture; a plain neighbour network's file with --architecture
    /// neighbour-unet-residual starts the residual network from it, as its averaging
    /// (`EBSDUNet.residualNeighbourNetwork`).
    fileprivate func loadInitialModel(_ path: String) throws -> Model {
        if architecture == EBSDUNet.residualNeighbourArchitectureName, let full = try? KerasModelFile.load(path),
            !full.layers.contains(where: { $0 is Add })
        {
            do {
                return try EBSDUNet.residualNeighbourNetwork(startingFrom: full)
            } catch let error as KikuchiError {
                throw error.attributed(to: path)
            }
        }
        return try KerasModelFile.load(path, architectureName: architecture)
    }
}

/// The averagings a neighbour network can be trained beside.
enum NeighbourAveraging: String, ExpressibleByArgument, CaseIterable {
    case nlpar
    case regions
}
