import KikuchiIO
import KikuchiNN

/// An averaging (NLPAR, or region averaging), then a network that sees each pattern's 3 x 3 map
/// neighbourhood of raw patterns beside the averaging's output of it (`NeighbourStack`: 10 input
/// channels, one output channel).
///
/// NLPAR weighs each neighbour by one number, its whole-pattern distance, which at 5 counts per
/// pixel hardly tells a neighbour of the same grain from one across a boundary; region averaging
/// tells them apart far better, but still averages whole patterns. A network given the neighbours
/// themselves can compare them band by band. On the dose-5 benchmark maps of 8 / 40 grains
/// (`benchmarks/indexing`) the bundled networks index 0.972 / 0.772 after NLPAR (NLPAR alone:
/// 0.963 / 0.566) and 0.997 / 0.956 after region averaging (alone: 0.997 / 0.928).
///
/// The network runs at the pattern's own size when it is fully convolutional, else at its declared
/// size (OpenCV `INTER_LINEAR` there and back). Its output, a standardised pattern, is given the
/// averaging's mean and deviation of that pattern and stored as NLPAR stores (clipped, truncated).
public final class NeighbourNetwork: PatternDenoiser {
    /// The averaging whose output is the tenth channel: NLPAR (`nlpar-network`) or region
    /// averaging (`regions-network`).
    public let averaging: MapNeighbourAveraging
    public let model: Model
    public let modelPath: String
    private var scan: ScanDescription?

    public init(averaging: MapNeighbourAveraging, model: Model, modelPath: String) {
        self.averaging = averaging
        self.model = model
        self.modelPath = modelPath
    }

    public func check(_ scan: ScanDescription, path: String) throws {
        try averaging.check(scan, path: path)
        guard model.inputShape.channels == NeighbourStack.channels else {
            throw KikuchiError.badInput(modelPath, "the model takes \(model.inputShape.channels) input channels; a neighbour network takes \(NeighbourStack.channels) (the 3 x 3 neighbourhood and the averaging's output)")
        }
        try NetworkResizePlans.checkOneChannelOutput(of: model, modelPath: modelPath, width: scan.width, height: scan.height,
                                                     channels: NeighbourStack.channels)
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        try averaging.prepare(reader, progress: progress)
        scan = reader.scan
    }

    /// The averaging's inputs: they hold the 3 x 3 neighbourhoods too, since both averagings'
    /// radius is at least 1 (their rows reach r either side, their columns at least r + 1 on a
    /// one-row batch).
    public func inputs(for outputs: Range<Int>, of scan: ScanDescription) -> Range<Int> {
        averaging.inputs(for: outputs, of: scan)
    }

    public func preferredBatchSize(for scan: ScanDescription) -> Int {
        averaging.preferredBatchSize(for: scan)
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else {
            throw KikuchiError.processing(modelPath, "the neighbour network used before prepare")
        }
        return NeighbourNetworkWorker(denoiser: self, averaging: try averaging.makeWorker(), scan: scan)
    }
}
