import ArgumentParser
import KikuchiDenoise
import KikuchiIO

/// `kikuchi convert IN OUT`: any scan kind to any other.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a scan between kinds (.up1, .up2, h5ebsd, .npy, image folder).")

    @Argument(help: "The scan to read.")
    var input: String

    @Argument(help: "The scan to write; its kind follows from the extension (a folder for images).")
    var output: String

    @OptionGroup var patternSteps: PatternStepOptions
    @OptionGroup var geometry: GeometryOptions
    @OptionGroup var images: ImageOutputOptions
    @OptionGroup var depth: DepthOptions
    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            var options = TranscodeOptions(depth: depth, output: outputOptions, images: images, inputs: [input])
            options.geometry = geometry.geometry(replacing: reader.scan.geometry)
            try options.apply(patternSteps.steps, to: reader.scan, path: input)
            try Transcoding.run(reader, to: output, options: options, quiet: outputOptions.quiet)
        }
    }
}
