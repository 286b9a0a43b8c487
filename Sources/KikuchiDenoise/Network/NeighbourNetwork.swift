import KikuchiCore
import KikuchiIO
import KikuchiNN

/// An averaging (NLPAR, or region averaging), then a network that sees each pattern's 3 x 3 map
/// neighbourhood of raw patterns beside the averaging's output of it (`NeighbourStack`: 10 input
/// channels, one output channel).
///
/// NLPAR weighs each neighbour by one number, its whole-pattern distance, which at 5 counts per
/// pixel hardly tells a neighbour of the same grain from one across a boundary; region averaging
/// tells them apart far better, but still averages whole patterns. A network given the neighbours
/// themselves can compare them band by band.
///
/// The network runs at the pattern's own size when it is fully convolutional, else at its declared
/// size (OpenCV `INTER_LINEAR` there and back). Its output, a standardised pattern, is given the
/// averaging's mean and deviation of that pattern and stored as NLPAR stores (clipped, truncated).
public final class NeighbourNetwork: PatternDenoiser {
    /// The averaging whose output is the tenth channel: NLPAR (`nlpar-network`) or region
    /// averaging (`regions-network`).
    public let averaging: PatternDenoiser
    public let model: Model
    public let modelPath: String
    /// Falls back to the averaging's pattern where the network's output disagrees with it beyond
    /// its noise; nil: the network's output everywhere.
    public var networkGuard: NetworkGuard?
    /// How often the guard gave way in this run.
    public let guardTally = NetworkGuardTally()
    /// Judges, per pattern, how far to take the network's output past the guard; nil: as it is.
    public var judge: NetworkJudge?
    private var scan: ScanDescription?

    public init(averaging: PatternDenoiser, model: Model, modelPath: String) {
        self.averaging = averaging
        self.model = model
        self.modelPath = modelPath
    }

    public func check(_ scan: ScanDescription, path: String) throws {
        try averaging.check(scan, path: path)
        try Self.checkNeighbourhoods(of: averaging, scan: scan, path: path)
        guard model.inputShape.channels == NeighbourStack.channels else {
            throw KikuchiError.badInput(
                modelPath,
                "the model takes \(model.inputShape.channels) input channels; a neighbour network takes \(NeighbourStack.channels) (the 3 x 3 neighbourhood and the averaging's output)"
            )
        }
        try NetworkResizePlans.checkOneChannelOutput(
            of: model, modelPath: modelPath, width: scan.width, height: scan.height,
            channels: NeighbourStack.channels)
    }

    /// Refuses an averaging whose inputs do not hold each output's 3 x 3 neighbourhood, which the
    /// network reads from the same batch: checked at the first and last pattern of every map row.
    static func checkNeighbourhoods(of averaging: PatternDenoiser, scan: ScanDescription, path: String) throws {
        let geometry = scan.geometry
        for row in 0..<geometry.rows {
            let first = geometry.firstIndex(ofRow: row)
            for index in [first, first + geometry.rowLength(row) - 1] where index >= 0 && index < scan.count {
                let inputs = averaging.inputs(for: ScanSelection(index..<index + 1), of: scan)
                let missing = NeighbourStack.neighbourhood(of: index, geometry: geometry, count: scan.count).filter { !inputs.contains($0) }
                guard missing.isEmpty else {
                    throw KikuchiError.badInput(
                        path,
                        "a neighbour network needs an averaging that reads each pattern's 3 x 3 neighbourhood; \(type(of: averaging)) reads patterns \(inputs) for pattern \(index), without \(missing.map(String.init).joined(separator: ", "))"
                    )
                }
            }
        }
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        try averaging.prepare(reader, progress: progress)
        try judge?.prepare(reader, progress: progress)
        scan = reader.scan
    }

    /// The averaging's inputs, which hold the 3 x 3 neighbourhoods too, since both averagings'
    /// radius is at least 1 (their rows reach r either side, their columns at least r + 1 on a
    /// one-row batch); with a judge, also its ring of 2r map steps.
    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        let averaged = averaging.inputs(for: outputs, of: scan)
        return judge?.widened(averaged, for: outputs, of: scan) ?? averaged
    }

    public func batchShape(for scan: ScanDescription) -> BatchShape { averaging.batchShape(for: scan) }

    public var notes: [String] {
        var notes: [String] = []
        if let networkGuard {
            let (checked, rejected) = guardTally.counts
            notes.append(
                "guard: the averaging's pattern kept for \(rejected) of \(checked) patterns, where the network changed the bands more than their noise explains (margin \(networkGuard.margin))"
            )
        }
        if let judge { notes.append(judge.note) }
        return notes
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else {
            throw KikuchiError.processing(modelPath, "the neighbour network used before prepare")
        }
        return NeighbourNetworkWorker(denoiser: self, averaging: try averaging.makeWorker(), scan: scan)
    }
}
