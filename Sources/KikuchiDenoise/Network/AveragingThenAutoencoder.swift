import KikuchiIO

/// A map-neighbour method (NLPAR) followed by the network: each batch goes through the first
/// method's worker, and its output patterns through the autoencoder's, in memory.
///
/// The network sees one pattern at a time (about 26 pixels of a 236 x 236 pattern at once): at 5
/// counts per pixel it cannot find a band alone. NLPAR first adds the counts of similar map
/// neighbours, and the network then cleans what NLPAR leaves (`NeighbourNetwork`, which sees the
/// neighbours themselves, does better; docs/benchmarks.md).
///
/// The network's part is per pattern and needs no pass over the scan, so the pair keeps the
/// first method's inputs, batches and preparation, and stays shardable and resumable.
public final class AveragingThenAutoencoder: PatternDenoiser {
    public let neighbours: PatternDenoiser
    public let network: AutoencoderDenoiser

    public init(neighbours: PatternDenoiser, network: AutoencoderDenoiser) {
        self.neighbours = neighbours
        self.network = network
    }

    public func check(_ scan: ScanDescription, path: String) throws {
        try neighbours.check(scan, path: path)
        // The network sees the first method's float32 output in the scan's own units.
        try network.check(scan, path: path)
    }

    public func outputScan(for input: ScanDescription) -> ScanDescription {
        network.outputScan(for: neighbours.outputScan(for: input))
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        try neighbours.prepare(reader, progress: progress)
        try network.prepare(reader, progress: progress)
    }

    public func inputs(for outputs: Range<Int>, of scan: ScanDescription) -> Range<Int> {
        neighbours.inputs(for: outputs, of: scan)
    }

    public func preferredBatchSize(for scan: ScanDescription) -> Int {
        neighbours.preferredBatchSize(for: scan)
    }

    public var notes: [String] { network.notes }

    public func makeWorker() throws -> PatternDenoisingWorker {
        AveragingThenAutoencoderWorker(neighbours: try neighbours.makeWorker(), network: try network.makeWorker())
    }
}

/// The two workers of a `AveragingThenAutoencoder`, one after the other.
final class AveragingThenAutoencoderWorker: PatternDenoisingWorker {
    private let neighbours: PatternDenoisingWorker
    private let network: PatternDenoisingWorker

    init(neighbours: PatternDenoisingWorker, network: PatternDenoisingWorker) {
        self.neighbours = neighbours
        self.network = network
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let averaged = try neighbours.denoise(input, from: inputStart, outputs: outputs)
        return try network.denoise(averaged, from: outputs.lowerBound, outputs: outputs)
    }
}
