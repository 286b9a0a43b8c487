import ArgumentParser
import KikuchiDenoise
import KikuchiIO

/// `kikuchi unpack IN DIR`: one image per pattern plus `scan.json`.
struct UnpackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpack",
        abstract: "Write one image per pattern (0.png, 1.png, ...) and a scan.json that lets repack restore the original file.",
        discussion: """
            PNG keeps 8- or 16-bit patterns exactly. JPEG is 8-bit and lossy. Narrowing a 16-bit \
            scan to 8 bits maps the scan's own value range onto 0..255 (recorded in scan.json, so \
            repack maps it back); a 16-bit scan whose values fit in 0..255 is stored unchanged.
            """)

    @Argument(help: "The scan to unpack.")
    var input: String

    @Argument(help: "The folder to create.")
    var output: String

    @Option(help: "Resize every pattern to WxH (OpenCV INTER_LINEAR).")
    var size: PatternSize?

    @OptionGroup var images: ImageOutputOptions
    @OptionGroup var depth: DepthOptions
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            var options = TranscodeOptions(depth: depth, output: outputOptions, images: images, inputs: [input])
            options.outputFormat = .imageFolder
            try options.apply(PatternSteps(resize: size.map { ($0.width, $0.height) }), to: reader.scan, path: input)
            try Transcoding.run(reader, to: output, options: options, quiet: outputOptions.quiet)
        }
    }
}
