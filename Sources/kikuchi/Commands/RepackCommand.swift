import ArgumentParser
import KikuchiDenoise
import KikuchiIO

/// `kikuchi repack DIR OUT`: images back into one scan file.
struct RepackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repack",
        abstract: "Pack a folder of pattern images (0.png, 1.png, ...) into one scan file.",
        discussion: """
            The header geometry comes from, in order: --columns/--rows/--step-x/--step-y/--hex, \
            --like ORIGINAL, the folder's scan.json, else one row. With scan.json from kikuchi \
            unpack, the original pixel type, intensity range and header are restored.
            """)

    @Argument(help: "The folder of images.")
    var input: String

    @Argument(help: "The scan file to write (.up1, .up2, .h5, .npy) or a folder.")
    var output: String

    @Option(help: "Copy the header geometry of this original scan.")
    var like: String?

    @OptionGroup var geometry: GeometryOptions
    @Option(help: "Resize every pattern to WxH (OpenCV INTER_LINEAR).")
    var size: PatternSize?

    @OptionGroup var depth: DepthOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input)
            var options = TranscodeOptions(depth: depth, output: outputOptions, inputs: [input] + (like.map { [$0] } ?? []))
            if let like { options.headerSource = try ScanIO.openReader(like).scan }
            options.geometry = geometry.geometry(replacing: options.headerSource?.geometry ?? reader.scan.geometry)
            try options.apply(PatternSteps(resize: size.map { ($0.width, $0.height) }), to: reader.scan, path: input)
            try Transcoding.run(reader, to: output, options: options, quiet: outputOptions.quiet)
        }
    }
}
