import KikuchiIO
import KikuchiNN

/// NLPAR, then a network that sees each pattern's 3 x 3 map neighbourhood of raw patterns beside
/// NLPAR's output of it (`NeighbourStack`: 10 input channels, one output channel).
///
/// NLPAR weighs each neighbour by one number, its whole-pattern distance, which at 5 counts per
/// pixel hardly tells a neighbour of the same grain from one across a boundary. A network given the
/// neighbours themselves can compare them band by band. A Keras prototype trained on simulated grain
/// maps (`training/neighbour-network`) indexed 0.966 / 0.759 of the dose-5 benchmark maps of 8 / 40
/// grains, against 0.963 / 0.628 for NLPAR followed by the bundled autoencoder.
///
/// The network runs at the pattern's own size when it is fully convolutional, else at its declared
/// size (OpenCV `INTER_LINEAR` there and back). Its output, a standardised pattern, is given NLPAR's
/// mean and deviation of that pattern and stored as NLPAR stores (clipped, truncated).
public final class NeighbourNetwork: PatternDenoiser {
    public let nlpar: NonLocalPatternAveraging
    public let model: Model
    public let modelPath: String

    public init(nlpar: NonLocalPatternAveraging, model: Model, modelPath: String) {
        self.nlpar = nlpar
        self.model = model
        self.modelPath = modelPath
    }

    public func check(_ scan: ScanDescription, path: String) throws {
        try nlpar.check(scan, path: path)
        guard model.inputShape.channels == NeighbourStack.channels else {
            throw KikuchiError.badInput(modelPath, "the model takes \(model.inputShape.channels) input channels; a neighbour network takes \(NeighbourStack.channels) (the 3 x 3 neighbourhood and NLPAR's output)")
        }
        try NetworkResizePlans.checkOneChannelOutput(of: model, modelPath: modelPath, width: scan.width, height: scan.height,
                                                     channels: NeighbourStack.channels)
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        try nlpar.prepare(reader, progress: progress)
    }

    /// NLPAR's inputs: they hold the 3 x 3 neighbourhoods too, since NLPAR's radius is at least
    /// 1 (its rows reach r either side, its columns 2r + 2 on a one-row batch).
    public func inputs(for outputs: Range<Int>, of scan: ScanDescription) -> Range<Int> {
        nlpar.inputs(for: outputs, of: scan)
    }

    public func preferredBatchSize(for scan: ScanDescription) -> Int {
        nlpar.preferredBatchSize(for: scan)
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan = nlpar.scan else {
            throw KikuchiError.processing(modelPath, "the neighbour network used before prepare")
        }
        return NeighbourNetworkWorker(denoiser: self, nlpar: try nlpar.makeWorker(), scan: scan)
    }
}
