import ArgumentParser
import KikuchiDenoise
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

    @Option(
        help:
            "When narrowing (16-bit or float to 8-bit, float to 16-bit), the range mapped onto the output: 'scan' (its min..max, restored on repack) or 'dtype' (the full input range)."
    )
    var range: NarrowingRange = .scan
}

/// How a denoised scan is written: its pixel type and the map onto it.
struct EncodingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How the computed patterns are written: 'scan' (default: one map of the whole scan's min..max onto the integer output type's full range, recorded in h5ebsd and scan.json; float32 outputs as computed), 'pattern' (the input's units, the network's output onto each input's own min..max, rounded), 'dtype' (the input's units, the network's output times the type's maximum, as the published script) or 'stretch' (each pattern's own min..max onto the full range).",
            valueName: "range"))
    var outputRange: OutputRange = .scan

    @Option(
        help:
            "The pixel type written: uint8, uint16 or float32 (.h5 and .npy only); default: OUT's kind's own (UP1 8-bit, UP2 16-bit, JPEG 8-bit), else the input's."
    )
    var outputType: PixelType?

    @Option(help: "8 or 16: --output-type uint8 or uint16 (16 widens a UP1's patterns into a UP2 or 16-bit h5ebsd).")
    var depth: Int?

    func validate() throws {
        if let depth, depth != 8, depth != 16 { throw ValidationError("--depth must be 8 or 16, not \(depth)") }
        if depth != nil && outputType != nil { throw ValidationError("give --output-type or --depth, not both") }
    }

    var encoding: OutputEncoding {
        OutputEncoding(range: outputRange, pixelType: outputType ?? depth.map { $0 == 8 ? .uint8 : .uint16 })
    }
}

extension NarrowingRange: ExpressibleByArgument {}
extension PixelType: ExpressibleByArgument {}
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
