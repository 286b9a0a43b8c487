import ArgumentParser
import KikuchiDenoise
import KikuchiIO

/// `kikuchi background IN -o OUT (--static [--background FILE] | --dynamic [--sigma S]) [--divide]`:
/// classic background correction, as kikuchipy's `remove_static_background` and
/// `remove_dynamic_background` do it; the output keeps the input's size, count, geometry and pixel type.
struct BackgroundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "background",
        abstract: "Remove the static or dynamic background of every pattern (kikuchipy's corrections).",
        discussion: """
            --static takes one background pattern out of every pattern: from --background FILE (a one-pattern \
            scan of any kind, or an image), else the h5ebsd header's static background, else the mean pattern of \
            the scan. --dynamic takes out each pattern's own Gaussian blur (sigma: pattern width / 8 by default). \
            Each result is stretched onto the pixel type's full range (float32: -1 to 1), per pattern unless \
            --relative.
            """)

    @Argument(help: "The scan to correct.")
    var input: String

    @Option(name: .shortAndLong, help: "The scan to write; its kind follows from the extension (a folder for images).")
    var output: String

    @Flag(name: .customLong("static"), help: "Remove one static background pattern.")
    var staticBackground = false

    @Flag(name: .customLong("dynamic"), help: "Remove each pattern's Gaussian-blurred self.")
    var dynamicBackground = false

    @Option(help: "With --static: the background pattern (a one-pattern scan or an image file).")
    var background: String?

    @Option(help: "With --dynamic: the Gaussian's standard deviation in pixels (default: pattern width / 8).")
    var sigma: Double?

    @Flag(help: "Divide by the background instead of subtracting it.")
    var divide = false

    @Flag(help: "With --static: stretch the background onto each pattern's own range first (kikuchipy's scale_bg).")
    var scaleBackground = false

    @Flag(help: "Keep relative intensities between patterns: one scan-wide stretch instead of one per pattern.")
    var relative = false

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard staticBackground != dynamicBackground else {
            throw ValidationError("choose one of --static and --dynamic")
        }
        if background != nil && !staticBackground { throw ValidationError("--background goes with --static") }
        if scaleBackground && !staticBackground { throw ValidationError("--scale-background goes with --static") }
        if sigma != nil && !dynamicBackground { throw ValidationError("--sigma goes with --dynamic") }
    }

    func run() throws {
        try reportingErrors {
            let removal = BackgroundRemoval(
                operation: divide ? .divide : .subtract, scaleBackground: scaleBackground,
                keepRelativeIntensities: relative)
            let denoiser: PatternDenoiser
            if staticBackground {
                denoiser = StaticBackgroundCorrection(
                    source: background.map { .file($0) } ?? .automatic,
                    removal: removal, scanPath: input)
            } else {
                denoiser = try DynamicBackgroundCorrection(sigma: sigma, removal: removal, scanPath: input)
            }
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            // The corrected patterns already span the type's range, as kikuchipy stretches them: written rounded.
            let type = try OutputEncoding(range: .pattern).outputType(for: reader.scan.pixelType, path: output, imageFormat: .png)
            let writer = try ScanIO.createWriter(
                output, scan: reader.scan.with(pixelType: type),
                options: WriteOptions(overwrite: outputOptions.overwrite, inputs: [input]))
            let bar = ProgressBar(total: reader.scan.count, quiet: outputOptions.quiet)
            try DenoiseJob(denoiser: denoiser, progress: { done, _ in bar.update(done) }).run(from: reader, to: writer)
        }
    }
}
