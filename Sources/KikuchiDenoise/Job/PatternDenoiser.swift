import KikuchiIO

/// One denoising method behind which every method of kikuchi sits (`DenoiserMethod` in
/// KikuchiWorkflows lists them by name), so that one driver, `DenoiseJob`, streams, parallelises,
/// shards and resumes any of them.
///
/// Output pattern `i` may depend only on the input patterns `inputs(for: [i])` (for map
/// neighbour methods, a few map rows around it) and on what `prepare` learnt from the whole scan.
/// That rule is what makes a run splittable into shards and resumable from any checkpoint.
public protocol PatternDenoiser: AnyObject {
    /// Refuses a scan this method cannot denoise (wrong size, pixel type, map), before any output exists.
    func check(_ scan: ScanDescription, path: String) throws
    /// The patterns computed: by default the input's size, count and geometry, as float32 values
    /// in the input's units. Every method computes in float32 and never rounds; `OutputEncoding`
    /// rounds once, when OUT is written, so that a low-count scan keeps what the method gained.
    func outputScan(for input: ScanDescription) -> ScanDescription
    /// Learns what needs the whole scan (a mean pattern, principal components) before any worker
    /// runs; `progress(stage, done, total)` reports each pass over the scan.
    func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws
    /// The input patterns needed to compute the output patterns `outputs`; by default `outputs`.
    func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection
    /// How the scan is cut into units of work: runs of a few patterns for the network, tiles of
    /// the map for neighbour methods.
    func batchShape(for scan: ScanDescription) -> BatchShape
    /// A worker with its own buffers; one worker is used by one thread at a time, and several
    /// workers run at once, so everything shared must be read-only after `prepare`.
    func makeWorker() throws -> PatternDenoisingWorker
    /// Lines for the user about the run just done (how often a guard gave way); none by default.
    var notes: [String] { get }
}

/// The per-thread part of a `PatternDenoiser`.
public protocol PatternDenoisingWorker: AnyObject {
    /// Computes the output patterns `outputs` (float32, in the order of their slots) from `input`,
    /// which holds the patterns `inputs` in their slots (at least `inputs(for: outputs)`), in the
    /// scan's pixel type or, after another method, in float32.
    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch
}

extension PatternDenoiser {
    public var notes: [String] { [] }

    public func check(_ scan: ScanDescription, path: String) throws {}

    public func outputScan(for input: ScanDescription) -> ScanDescription { input.with(pixelType: .float32) }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {}

    public func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection { outputs }

    public func batchShape(for scan: ScanDescription) -> BatchShape {
        .runs(max(1, min(64, (4 << 20) / max(scan.bytesPerPattern, 1))))
    }
}

/// How `DenoiseJob` cuts a scan into units of work.
public enum BatchShape: Equatable, Sendable {
    /// Runs of this many consecutive patterns.
    case runs(Int)
    /// Tiles of the map of about this many patterns (`MapGeometry.tiles`).
    case tiles(Int)

    /// The tiles of a map-neighbour method: about 16 MiB of patterns as floats (at least 64
    /// patterns), so that a unit's inputs, with the rows and columns its reach adds, stay in the
    /// caches' reach and a run's memory is a few such tiles per worker, whatever the map's size.
    public static func mapTiles(for scan: ScanDescription) -> BatchShape {
        .tiles(max(64, (16 << 20) / max(scan.pixelsPerPattern * 4, 1)))
    }

    /// The same shape with at most `patterns` patterns per unit.
    func capped(at patterns: Int) -> BatchShape {
        switch self {
        case .runs(let size): return .runs(max(1, min(size, patterns)))
        case .tiles(let size): return .tiles(max(1, min(size, patterns)))
        }
    }
}
