import ArgumentParser
import KikuchiIO

/// Options for reading any scan.
struct InputOptions: ParsableArguments {
    @Flag(help: "Read the complete patterns of a truncated file instead of refusing it.")
    var allowPartial = false

    @Option(name: .customLong("scan"), help: "The h5ebsd scan group to read (e.g. 'Scan 2'); the first by default.")
    var scanGroup: String?

    var readOptions: ReadOptions { ReadOptions(allowPartial: allowPartial, scanGroup: scanGroup) }
}

/// Options for writing any output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Replace OUT if it exists.")
    var overwrite = false

    @Flag(help: "No progress bar.")
    var quiet = false
}

/// Options for the stored bit depth and image kind of an output.
struct DepthOptions: ParsableArguments {
    @Option(help: "Bits per stored pixel, 8 or 16 (default: the output kind's own, or the input's).")
    var depth: Int?

    @Option(help: "When narrowing (16-bit or float to 8-bit, float to 16-bit), the range mapped onto the output: 'scan' (its min..max, restored on repack) or 'dtype' (the full input range).")
    var range: NarrowingRange = .scan
}

extension NarrowingRange: ExpressibleByArgument {}
extension ImageFileFormat: ExpressibleByArgument {}

/// A `WxH` size argument.
struct PatternSize: ExpressibleByArgument, Equatable {
    var width: Int
    var height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
        width = parts[0]
        height = parts[1]
    }
}

/// The image kind and quality of an image-folder output.
struct ImageOutputOptions: ParsableArguments {
    @Option(help: "Image kind when the output is a folder: png (lossless, 8 or 16 bit) or jpeg (8 bit).")
    var format: ImageFileFormat = .png

    @Option(help: "JPEG quality, 1 to 100.")
    var quality = 95

    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100") }
    }
}

extension TranscodeOptions {
    /// The options the shared option groups give.
    init(depth: DepthOptions, output: OutputOptions, images: ImageOutputOptions? = nil, inputs: [String]) {
        self.init()
        self.depth = depth.depth
        narrowing = depth.range
        overwrite = output.overwrite
        self.inputs = inputs
        if let images {
            imageFormat = images.format
            jpegQuality = images.quality
        }
    }
}
