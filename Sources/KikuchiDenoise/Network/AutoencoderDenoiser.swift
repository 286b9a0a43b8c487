import KikuchiCore
import KikuchiIO
import KikuchiImage
import KikuchiNN

/// The settings of the autoencoder pipeline around the network.
public struct AutoencoderSettings: Sendable {
    /// CLAHE on each pattern as read, in its own pixel type.
    public var claheBefore: CLAHESettings?
    /// CLAHE on each output, rounded to the input's pixel type for it, after mapping back.
    public var claheAfter: CLAHESettings?
    public var inputRange: InputRange
    public var outputRange: OutputRange

    public init(
        claheBefore: CLAHESettings? = nil, claheAfter: CLAHESettings? = nil,
        inputRange: InputRange = .pattern, outputRange: OutputRange = .pattern
    ) {
        self.claheBefore = claheBefore
        self.claheAfter = claheAfter
        self.inputRange = inputRange
        self.outputRange = outputRange
    }
}

/// The published denoising pipeline as one `PatternDenoiser`: each pattern is optionally CLAHE'd,
/// scaled to [0, 1], resized to the network's input (OpenCV `INTER_LINEAR`, as `cv2.resize`),
/// passed through the network, resized back to its own size, mapped back to the input's units
/// (float32, unrounded: `OutputEncoding` rounds when OUT is written) and optionally CLAHE'd again. The network runs one pattern at a time per worker, so the numbers
/// do not depend on batching.
public final class AutoencoderDenoiser: PatternDenoiser {
    /// Patterns smaller than this on a side carry too little for the network's pooling.
    public static let minimumPatternSide = 8

    public let model: Model
    public let modelPath: String
    public let settings: AutoencoderSettings
    /// Keeps the pattern the network was given where its output changed the bands beyond that
    /// pattern's noise; nil: the network's output everywhere.
    public var networkGuard: NetworkGuard?
    /// How often the guard gave way in this run.
    public let guardTally = NetworkGuardTally()
    /// Judges, per pattern, how far to take the network's output past the guard; nil: as it is.
    /// Not with `claheAfter`, whose outputs are no longer in the units of the pattern refined.
    public var judge: NetworkJudge?
    /// The scan's pixel type, whose units the patterns are in (`--input-range dtype` divides by
    /// its maximum); learnt in `prepare`, since after NLPAR the network sees float32 batches.
    public private(set) var inputPixelType: PixelType = .uint8

    public init(model: Model, modelPath: String, settings: AutoencoderSettings = AutoencoderSettings()) {
        self.model = model
        self.modelPath = modelPath
        self.settings = settings
    }

    /// Refuses what cannot work before any output is made: a model that does not take or give
    /// one channel, patterns too small, CLAHE on float patterns, a size the network cannot take.
    public func check(_ scan: ScanDescription, path: String) throws {
        let channels = model.inputShape.channels
        guard channels == 1 else {
            throw KikuchiError.badInput(modelPath, "the model takes \(channels) input channels; EBSD patterns have 1")
        }
        guard scan.width >= Self.minimumPatternSide && scan.height >= Self.minimumPatternSide else {
            throw KikuchiError.badInput(
                path,
                "patterns are \(scan.width) x \(scan.height) pixels; the autoencoder needs at least \(Self.minimumPatternSide) x \(Self.minimumPatternSide)")
        }
        if scan.pixelType == .float32 && (settings.claheBefore != nil || settings.claheAfter != nil) {
            throw KikuchiError.badInput(path, "CLAHE needs 8- or 16-bit patterns; this scan is float32")
        }
        try NetworkResizePlans.checkOneChannelOutput(of: model, modelPath: modelPath, width: scan.width, height: scan.height, channels: 1)
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        inputPixelType = reader.scan.pixelType
        try judge?.prepare(reader, progress: progress)
    }

    /// The outputs, and with a judge the patterns it reads around them.
    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        judge?.widened(outputs, for: outputs, of: scan) ?? outputs
    }

    /// A few patterns; with a judge, map tiles, so that the patterns it reads are read few times.
    public func batchShape(for scan: ScanDescription) -> BatchShape {
        judge?.regions.batchShape(for: scan) ?? .runs(4)
    }

    public var notes: [String] {
        var notes: [String] = []
        if let networkGuard { notes.append(guardTally.note(keeping: "the pattern given to the network", margin: networkGuard.margin)) }
        if let judge { notes.append(judge.note) }
        return notes
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        AutoencoderWorker(denoiser: self)
    }
}
