import KikuchiIO

/// What a part file says about itself: the whole output scan it belongs to, which of its patterns
/// it holds, and the run that computed them.
public struct ScanPartManifest: Codable, Equatable, Sendable {
    public var format = "kikuchi-part"
    public var version = 2
    /// The whole scan of computed patterns (every pattern, float32 in the input's units).
    public var scan: ScanDescription
    /// The input's pixel type, and how the final writer encodes the computed patterns into OUT.
    public var inputPixelType: PixelType
    public var encoding: OutputEncoding
    /// The patterns this part holds: `start ..< end`.
    public var start: Int
    public var end: Int
    /// Shard `shard` of `shardCount`; 1 of 1 for an unsharded run.
    public var shard: Int
    public var shardCount: Int
    /// A digest of the input and of every setting that changes the output's numbers: parts merge,
    /// and a run resumes, only when these are equal.
    public var identity: String

    public init(scan: ScanDescription, inputPixelType: PixelType, encoding: OutputEncoding, shard: Shard, identity: String) {
        self.scan = scan
        self.inputPixelType = inputPixelType
        self.encoding = encoding
        let range = shard.range(of: scan.count)
        start = range.lowerBound
        end = range.upperBound
        self.shard = shard.index
        shardCount = shard.count
        self.identity = identity
    }

    /// The patterns this part holds.
    public var range: Range<Int> { start..<end }
}
