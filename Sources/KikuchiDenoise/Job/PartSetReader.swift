import KikuchiCore
import KikuchiIO

/// The patterns of a complete set of parts (the shards of one run) read as one scan, in order,
/// for writing the final output.
public final class PartSetReader: PatternReader {
    public let scan: ScanDescription
    /// The manifest the parts share (their computed scan, input type and output encoding).
    public let manifest: ScanPartManifest
    private let parts: [ScanPart]

    /// Checks that `parts` come from one run and together hold every pattern exactly once.
    public init(parts: [ScanPart]) throws {
        guard let first = parts.first else {
            throw KikuchiError.badInput("", "no part files to merge")
        }
        for part in parts {
            let manifest = part.manifest
            guard manifest.identity == first.manifest.identity, manifest.scan == first.manifest.scan,
                manifest.encoding == first.manifest.encoding, manifest.inputPixelType == first.manifest.inputPixelType,
                manifest.shardCount == first.manifest.shardCount
            else {
                throw KikuchiError.badInput(part.path, "belongs to another run than \(first.path) (other input or settings)")
            }
            guard part.hasAllBytes else {
                throw KikuchiError.badInput(part.path, "is incomplete (shorter than its \(manifest.range.count) patterns)")
            }
        }
        let sorted = parts.sorted { $0.manifest.start < $1.manifest.start }
        var next = 0
        for part in sorted {
            if part.manifest.start > next {
                throw KikuchiError.badInput(
                    part.path, "patterns \(next) to \(part.manifest.start - 1) are in no part: shard(s) missing of \(part.manifest.shardCount)")
            }
            if part.manifest.start < next {
                throw KikuchiError.badInput(part.path, "shard \(part.manifest.shard)/\(part.manifest.shardCount) is given twice or overlaps another part")
            }
            next = part.manifest.end
        }
        if next < first.manifest.scan.count {
            throw KikuchiError.badInput(
                sorted.last!.path, "patterns \(next) to \(first.manifest.scan.count - 1) are in no part: shard(s) missing of \(first.manifest.shardCount)")
        }
        scan = first.manifest.scan
        manifest = first.manifest
        self.parts = sorted
    }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        let holding = parts.filter { $0.manifest.end > range.lowerBound && $0.manifest.start < range.upperBound }
        let overlap = { (part: ScanPart) in max(range.lowerBound, part.manifest.start)..<min(range.upperBound, part.manifest.end) }
        // One part (a run that was not sharded) is read as it is, without a copy.
        if holding.count == 1 { return try holding[0].read(overlap(holding[0])) }
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: 0)
        for part in holding { batch.append(try part.read(overlap(part))) }
        return batch
    }
}
