import KikuchiCore
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
    private var scan: ScanDescription?

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
        scan = reader.scan
    }

    /// The first method's inputs; with a judge of the network, also the patterns it reads.
    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        let averaged = neighbours.inputs(for: outputs, of: scan)
        return network.judge?.widened(averaged, for: outputs, of: scan) ?? averaged
    }

    public func batchShape(for scan: ScanDescription) -> BatchShape { neighbours.batchShape(for: scan) }

    public var notes: [String] { network.notes }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let scan else { throw KikuchiError.processing("", "the averaging and autoencoder used before prepare") }
        return AveragingThenAutoencoderWorker(
            neighbours: try neighbours.makeWorker(), network: AutoencoderWorker(denoiser: network), scan: scan,
            reads: { [neighbours] in neighbours.inputs(for: $0, of: $1) })
    }
}

/// The two workers of a `AveragingThenAutoencoder`, one after the other.
final class AveragingThenAutoencoderWorker: PatternDenoisingWorker {
    private let neighbours: PatternDenoisingWorker
    private let network: AutoencoderWorker
    /// The first method's own inputs for some outputs of a scan.
    private let reads: (ScanSelection, ScanDescription) -> ScanSelection
    private let scan: ScanDescription

    init(
        neighbours: PatternDenoisingWorker, network: AutoencoderWorker, scan: ScanDescription,
        reads: @escaping (ScanSelection, ScanDescription) -> ScanSelection
    ) {
        self.neighbours = neighbours
        self.network = network
        self.reads = reads
        self.scan = scan
    }

    /// The first method on exactly its own inputs (the judge may read further), then the network
    /// on its outputs, judged against the scan's patterns.
    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        let own = reads(outputs, scan)
        let averaged = try neighbours.denoise(input.patterns(own, of: inputs), holding: own, outputs: outputs)
        return try network.refine(averaged, outputs: outputs, judgingFrom: input, holding: inputs)
    }
}
