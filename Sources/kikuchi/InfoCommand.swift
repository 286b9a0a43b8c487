import ArgumentParser
import Foundation
import KikuchiIO

/// `kikuchi info IN`: what a scan file holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a scan's format, header version, pattern size, count, pixel type and map geometry.")

    @Argument(help: "A .up1/.up2 file, an h5ebsd file, a .npy file or a folder of images.")
    var input: String

    @OptionGroup var inputOptions: InputOptions

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            let summary = ScanSummary(path: input, scan: reader.scan)
            print(json ? summary.json() : summary.text())
        }
    }
}
