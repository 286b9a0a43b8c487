import Foundation
import KikuchiCore

/// One epoch of the training history.
public struct EpochRecord: Equatable, Sendable {
    /// From 1.
    public var epoch: Int
    /// The mean training loss over the epoch's batches (weighted by batch size, as Keras reports
    /// it), each batch's loss taken before its update.
    public var loss: Double
    /// The loss on the validation patterns after the epoch, in inference mode; nil without them.
    public var validationLoss: Double?
    public var learningRate: Double
    public var seconds: Double
}

/// Trains a denoising model on noisy/clean pattern pairs with Adam, epoch by epoch.
///
/// Each step takes a batch of noisy patterns (cropped when asked), runs them forward in training
/// mode, and back-propagates the loss against the clean ones. The batch's samples are spread
/// over the workers, each running one sample at a time with single-threaded products and adding
/// into its own gradients; the workers' gradients are then added in worker order. A model with
/// batch normalisation needs the whole batch at once (batch statistics) and runs it on one
/// worker. Everything random (shuffling, crops, dropout seeds) comes from one `TrainingRandom`
/// whose state the checkpoint keeps, so a resumed run repeats an uninterrupted one exactly.
public final class Trainer {
    public let model: Model
    public let data: TrainingSource
    public let configuration: TrainingConfiguration
    public let optimizer: Adam
    public internal(set) var random: TrainingRandom
    public internal(set) var history: [EpochRecord] = []
    public internal(set) var bestValidationLoss = Double.infinity
    public internal(set) var epochsWithoutImprovement = 0
    public internal(set) var stoppedEarly = false
    /// Patterns 0 ..< trainingCount train, the rest validate.
    public let trainingCount: Int
    /// The per-sample shape the model trains on (the crop, or the whole pattern).
    public let sampleHeight: Int
    public let sampleWidth: Int

    private final class Worker {
        var gradients: ParameterGradients
        let workspace = Workspace()
        var lossSum = 0.0
        init(model: Model) { gradients = ParameterGradients(zeroFor: model) }
    }
    private var workers: [Worker] = []

    public var epochsDone: Int { history.count }
    public var isFinished: Bool { stoppedEarly || epochsDone >= configuration.epochs }
    public var validationCount: Int { data.count - trainingCount }

    /// Checks the settings against the data and the model.
    public init(model: Model, data: TrainingSource, configuration: TrainingConfiguration) throws {
        self.model = model
        self.data = data
        self.configuration = configuration
        optimizer = Adam(for: model)
        random = TrainingRandom(seed: configuration.seed)
        guard configuration.epochs >= 1 else { throw KikuchiError.badInput("--epochs", "must be at least 1, not \(configuration.epochs)") }
        guard configuration.batchSize >= 1 else { throw KikuchiError.badInput("--batch-size", "must be at least 1, not \(configuration.batchSize)") }
        guard configuration.learningRate > 0, configuration.learningRate.isFinite else {
            throw KikuchiError.badInput("--learning-rate", "must be a positive number, not \(configuration.learningRate)")
        }
        let fraction = configuration.validationFraction
        guard fraction >= 0, fraction < 1 else {
            throw KikuchiError.badInput("--validation", "must be a fraction in [0, 1), not \(fraction)")
        }
        // Keras' validation_split: the first floor(N (1 - F)) samples train.
        trainingCount = Int((Double(data.count) * (1 - fraction)).rounded(.down))
        guard trainingCount >= 1 else {
            throw KikuchiError.badInput(data.noisyPath, "a validation fraction of \(fraction) leaves none of its \(data.count) patterns for training")
        }
        guard fraction == 0 || trainingCount < data.count else {
            throw KikuchiError.badInput(data.noisyPath, "a validation fraction of \(fraction) leaves none of its \(data.count) patterns for validation")
        }
        if let patience = configuration.patience {
            guard patience >= 1 else { throw KikuchiError.badInput("--patience", "must be at least 1, not \(patience)") }
            guard fraction > 0 else { throw KikuchiError.badInput("--patience", "early stopping watches the validation loss; give --validation too") }
        }
        if let crop = configuration.crop {
            guard crop >= 1 else { throw KikuchiError.badInput("--crop", "must be at least 1, not \(crop)") }
            guard crop <= data.height && crop <= data.width else {
                throw KikuchiError.badInput(data.noisyPath, "a \(crop)x\(crop) crop is larger than its \(data.width)x\(data.height) patterns")
            }
        }
        sampleHeight = configuration.crop ?? data.height
        sampleWidth = configuration.crop ?? data.width
        let input = FeatureShape(height: sampleHeight, width: sampleWidth, channels: data.inputChannels)
        guard model.inputShape.channels == data.inputChannels else {
            throw KikuchiError.badInput("", "the model takes \(model.inputShape.channels) channels; the samples have \(data.inputChannels)")
        }
        let output = try model.shapes(for: input)[model.outputIndex]
        let target = FeatureShape(height: sampleHeight, width: sampleWidth, channels: 1)
        guard output == target else {
            throw KikuchiError.badInput("", "the model turns \(input) samples into \(output); a denoiser must give back \(target)")
        }
    }

    /// The learning rate of the next epoch.
    public var currentLearningRate: Double {
        configuration.decay.rate(initial: configuration.learningRate, epoch: epochsDone)
    }

    /// Runs the next epoch: every training batch, then the validation loss and early stopping.
    /// `progress(done, total)` is called after each batch with training patterns done.
    @discardableResult
    public func runEpoch(progress: ((Int, Int) -> Void)? = nil) throws -> EpochRecord {
        precondition(!isFinished, "training is finished")
        let started = DispatchTime.now().uptimeNanoseconds
        let learningRate = currentLearningRate
        let order = configuration.shuffle ? random.permutation(of: trainingCount) : Array(0..<trainingCount)
        var lossSum = 0.0
        var start = 0
        while start < trainingCount {
            let indices = Array(order[start..<min(start + configuration.batchSize, trainingCount)])
            let (noisy, clean) = try loadBatch(indices, randomCrops: true)
            let dropoutSeed = random.next()
            let batchLoss = step(noisy: noisy, clean: clean, dropoutSeed: dropoutSeed, learningRate: Float(learningRate))
            lossSum += batchLoss * Double(indices.count)
            start += indices.count
            progress?(start, trainingCount)
        }
        let validation = try validationLoss()
        var record = EpochRecord(
            epoch: epochsDone + 1, loss: lossSum / Double(trainingCount), validationLoss: validation,
            learningRate: learningRate, seconds: 0)
        if let validation, let patience = configuration.patience {
            if validation < bestValidationLoss {
                bestValidationLoss = validation
                epochsWithoutImprovement = 0
            } else {
                epochsWithoutImprovement += 1
                if epochsWithoutImprovement >= patience { stoppedEarly = true }
            }
        }
        record.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        history.append(record)
        return record
    }

    /// One optimiser step on a batch; returns the batch's loss before the update.
    func step(noisy: Tensor, clean: Tensor, dropoutSeed: UInt64, learningRate: Float) -> Double {
        let batch = noisy.count
        let wholeBatch = model.mixesSamples
        let workerCount = wholeBatch ? 1 : max(1, min(configuration.threads, batch))
        if workerCount > 1 { BLASThreads.useOne() }
        // Each step allocates and frees the same large activations: keep them out of mmap.
        AllocatorTuning.keepLargeBlocks()
        while workers.count < workerCount { workers.append(Worker(model: model)) }
        let elementCount = clean.storage.count
        let model = self.model, loss = configuration.loss, workers = self.workers
        DispatchQueue.concurrentPerform(iterations: workerCount) { index in
            let worker = workers[index]
            worker.gradients.zero()
            worker.lossSum = 0
            let chunk = wholeBatch ? 0..<1 : index * batch / workerCount..<(index + 1) * batch / workerCount
            for sample in chunk {
                let range = wholeBatch ? 0..<batch : sample..<sample + 1
                let context = TrainingContext(training: true, updatesStatistics: true, dropoutSeed: dropoutSeed, firstSample: range.lowerBound)
                let records = model.recordedForward(noisy.samples(range), context: context, workspace: worker.workspace)
                let output = records[model.outputIndex].output
                let target = clean.samples(range)
                worker.lossSum += loss.sum(prediction: output, target: target)
                let gradient = loss.gradient(prediction: output, target: target, elementCount: elementCount)
                model.backward(records: records, outputGradient: gradient, into: &worker.gradients, workspace: worker.workspace)
            }
        }
        var total = workers[0].gradients
        var lossSum = workers[0].lossSum
        for worker in workers[1..<workerCount] {
            total.add(worker.gradients)
            lossSum += worker.lossSum
        }
        optimizer.step(model, gradients: total, learningRate: learningRate)
        return lossSum / Double(elementCount)
    }

    /// The mean loss over the validation patterns (centre crops with `--crop`) in inference
    /// mode, read a few at a time; nil when there are none.
    public func validationLoss() throws -> Double? {
        guard validationCount > 0 else { return nil }
        let workerCount = max(1, min(configuration.threads, validationCount))
        if workerCount > 1 { BLASThreads.useOne() }
        while workers.count < workerCount { workers.append(Worker(model: model)) }
        var lossSum = 0.0
        var elements = 0
        let model = self.model, loss = configuration.loss, workers = self.workers
        var start = trainingCount
        while start < data.count {
            let indices = Array(start..<min(start + 4 * workerCount, data.count))
            let (noisy, clean) = try loadBatch(indices, randomCrops: false)
            let count = indices.count
            let used = min(workerCount, count)
            DispatchQueue.concurrentPerform(iterations: used) { index in
                let worker = workers[index]
                worker.lossSum = 0
                for sample in index * count / used..<(index + 1) * count / used {
                    let output = model.trainingOutput(noisy.samples(sample..<sample + 1), context: .inference, workspace: worker.workspace)
                    worker.lossSum += loss.sum(prediction: output, target: clean.samples(sample..<sample + 1))
                }
            }
            for worker in workers[0..<used] { lossSum += worker.lossSum }
            elements += clean.storage.count
            start += count
        }
        return lossSum / Double(elements)
    }

    /// The noisy and clean tensors of patterns `indices`: random crops (drawn in batch order),
    /// centre crops, or whole patterns.
    func loadBatch(_ indices: [Int], randomCrops: Bool) throws -> (Tensor, Tensor) {
        let channels = data.inputChannels
        let size = sampleHeight * sampleWidth
        var noisy = [Float](repeating: 0, count: indices.count * size * channels)
        var clean = [Float](repeating: 0, count: indices.count * size)
        for (slot, index) in indices.enumerated() {
            let pair = try data.pair(index)
            var top = (data.height - sampleHeight) / 2, left = (data.width - sampleWidth) / 2
            if randomCrops && configuration.crop != nil {
                top = random.nextInt(below: data.height - sampleHeight + 1)
                left = random.nextInt(below: data.width - sampleWidth + 1)
            }
            for row in 0..<sampleHeight {
                let from = (top + row) * data.width + left
                let to = slot * size + row * sampleWidth
                noisy.replaceSubrange(
                    to * channels..<(to + sampleWidth) * channels,
                    with: pair.noisy[from * channels..<(from + sampleWidth) * channels])
                clean.replaceSubrange(to..<to + sampleWidth, with: pair.clean[from..<from + sampleWidth])
            }
        }
        return (
            Tensor(shape: [indices.count, sampleHeight, sampleWidth, channels], storage: noisy),
            Tensor(shape: [indices.count, sampleHeight, sampleWidth, 1], storage: clean)
        )
    }
}
