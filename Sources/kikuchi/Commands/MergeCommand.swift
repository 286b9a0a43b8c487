import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiIndex

/// `kikuchi merge PART... -o OUT`: the parts of a sharded denoising run joined into the scan, or
/// those of a sharded indexing run (`.mappart`) into the orientation map.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract:
            "Join the .kpart files of 'kikuchi denoise --shard K/N' into the denoised scan (or the .mappart files of 'kikuchi index --shard K/N' into the map).",
        discussion:
            "Every shard 1..N of one run (same input and settings) must be given once; OUT is then byte for byte what an unsharded run writes, with the --output-range and --output-type of the shards' run. Parts of 'kikuchi index' join into the .ang or .ctf they were cut from."
    )

    @Argument(help: "The part files, in any order.")
    var parts: [String]

    @Option(name: .shortAndLong, help: "The scan to write; its kind follows from the extension.")
    var output: String

    @OptionGroup var images: ImageOutputOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("give the part files to merge") }
    }

    func run() throws {
        try reportingErrors {
            let maps = parts.filter { ($0 as NSString).pathExtension == OrientationMapPart.fileExtension }
            if !maps.isEmpty {
                guard maps.count == parts.count else {
                    throw KikuchiError.badInput(parts.first { !maps.contains($0) }!, "is not an orientation-map part like \(maps[0])")
                }
                let destination = try OutputPath(output, overwrite: outputOptions.overwrite, inputs: parts)
                try OrientationMapPart.merge(try maps.map { try OrientationMapPart(opening: $0) }, to: destination)
                print("merged      \(maps.count) parts into \(output)")
                return
            }
            let reader = try PartSetReader(parts: try parts.map { try ScanPart(opening: $0) })
            let options = WriteOptions(
                overwrite: outputOptions.overwrite, inputs: parts,
                imageFormat: images.format, jpegQuality: images.quality)
            let bar = ProgressBar(total: reader.scan.count, quiet: outputOptions.quiet)
            let written = try reader.manifest.encoding.write(
                reader, inputType: reader.manifest.inputPixelType, to: output,
                options: options, progress: bar.update)
            print(written.summary(recordedIn: DenoiseRun.recordPlace(output)))
        }
    }
}
