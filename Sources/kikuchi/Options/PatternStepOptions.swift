import ArgumentParser
import KikuchiDenoise
import KikuchiIO
import KikuchiImage

/// `--resize` and `--clahe` for commands that pass patterns through the image steps.
struct PatternStepOptions: ParsableArguments {
    @Option(help: "Resize every pattern to WxH (OpenCV INTER_LINEAR, as the published pipeline's cv2.resize).")
    var resize: PatternSize?

    @Option(help: "Resize interpolation: linear (INTER_LINEAR) or area (INTER_AREA).")
    var interpolation: ResizePlan.Interpolation = .linear

    @Option(help: "CLAHE after resizing, OpenCV's createCLAHE(clipLimit=CLIP, tileGridSize=(TILES, TILES)); TILES defaults to 8.")
    var clahe: CLAHEArgument?

    @Option(
        help: ArgumentHelp(
            "Histogram bins of CLAHE on 16-bit patterns.",
            discussion:
                "65536 is OpenCV's own 16-bit CLAHE, whose clip limit (CLIP x tile area / 65536) is so low that it barely enhances; 256 behaves like 8-bit CLAHE on the 16-bit values."
        ))
    var claheBins = 65536

    var steps: PatternSteps {
        PatternSteps(
            resize: resize.map { ($0.width, $0.height) }, interpolation: interpolation,
            clahe: clahe.map { CLAHESettings(clipLimit: $0.clipLimit, tiles: $0.tiles, bins16: claheBins) })
    }
}

extension ResizePlan.Interpolation: ExpressibleByArgument {}

/// A `CLIP[,TILES]` argument.
struct CLAHEArgument: ExpressibleByArgument {
    var clipLimit: Double
    var tiles: Int

    init?(argument: String) {
        let parts = argument.split(separator: ",")
        guard (1...2).contains(parts.count), let clip = Double(parts[0]), clip > 0 else { return nil }
        let tiles = parts.count == 2 ? Int(parts[1]) : 8
        guard let tiles, tiles > 0 else { return nil }
        clipLimit = clip
        self.tiles = tiles
    }
}
