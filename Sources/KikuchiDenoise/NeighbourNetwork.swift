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

    /// The network's input size for `width` x `height` patterns.
    func networkSize(width: Int, height: Int) -> (width: Int, height: Int) {
        NetworkResizePlans.networkSize(of: model, width: width, height: height)
    }

    public func check(_ scan: ScanDescription, path: String) throws {
        try nlpar.check(scan, path: path)
        guard model.inputShape.channels == NeighbourStack.channels else {
            throw KikuchiError.badInput(modelPath, "the model takes \(model.inputShape.channels) input channels; a neighbour network takes \(NeighbourStack.channels) (the 3 x 3 neighbourhood and NLPAR's output)")
        }
        let size = networkSize(width: scan.width, height: scan.height)
        let output: FeatureShape
        do {
            output = try model.outputShape(for: FeatureShape(height: size.height, width: size.width, channels: NeighbourStack.channels))
        } catch let error as ModelError {
            throw KikuchiError.badInput(modelPath, error.problem)
        }
        guard output.channels == 1 else {
            throw KikuchiError.badInput(modelPath, "the model gives \(output.channels) output channels; a denoised pattern has 1")
        }
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        try nlpar.prepare(reader, progress: progress)
    }

    /// NLPAR's inputs, and the rows either side of the outputs whatever NLPAR's radius.
    public func inputs(for outputs: Range<Int>, of scan: ScanDescription) -> Range<Int> {
        guard !outputs.isEmpty else { return outputs }
        let rows = scan.geometry.rows(of: outputs)
        let near = scan.geometry.neighbourInputs(of: outputs, rows: rows.lowerBound - 1 ... rows.upperBound + 1,
                                                 columnReach: 2, count: scan.count)
        let averaged = nlpar.inputs(for: outputs, of: scan)
        return min(near.lowerBound, averaged.lowerBound) ..< max(near.upperBound, averaged.upperBound)
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
