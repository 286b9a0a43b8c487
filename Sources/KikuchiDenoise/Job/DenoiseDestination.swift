import Foundation
import KikuchiCore
import KikuchiIO

/// Where and how a resumable denoising run writes: the final scan OUT (its kind from the
/// extension), or with a shard only that shard's part file for `kikuchi merge`.
public struct DenoiseDestination {
    /// OUT as the user gave it.
    public var path: String
    /// The part of the scan to compute; nil for the whole scan written as OUT.
    public var shard: Shard?
    /// Continue the interrupted run recorded beside OUT instead of starting again.
    public var resume: Bool
    /// A digest of the input and every setting that changes the numbers (see `ScanPartManifest`).
    public var identity: String
    /// How the final scan is written (overwrite, the inputs OUT must not be, image kind).
    public var writeOptions: WriteOptions
    /// The pixel type and map the computed patterns are written with.
    public var encoding: OutputEncoding

    /// The extension a shard's part file must have, so that it is never mistaken for a scan.
    public static let partExtension = "kpart"

    public init(
        path: String, shard: Shard? = nil, resume: Bool = false, identity: String, writeOptions: WriteOptions,
        encoding: OutputEncoding = OutputEncoding()
    ) {
        self.encoding = encoding
        self.path = path
        self.shard = shard
        self.resume = resume
        self.identity = identity
        self.writeOptions = writeOptions
    }

    /// The file the computed patterns go to while the run lasts: beside OUT, hidden, so that a
    /// killed run leaves nothing under OUT and `--resume` finds it.
    /// (Not OUT's `.partial` name, which every new writer clears.)
    var workPath: String {
        OutputPath.hiddenSibling(of: (path as NSString).standardizingPath, suffix: ".work")
    }

    /// Where the checkpoint of this destination's run lies, whether or not it exists.
    public var checkpointPath: String {
        DenoiseCheckpoint(partPath: workPath, identity: identity).path
    }
}
