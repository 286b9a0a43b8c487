import ArgumentParser
import Foundation
import KikuchiIO
import KikuchiNN

/// `kikuchi info IN`: what a scan file holds.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a scan's format, header version, pattern size, count, pixel type and map geometry.")

    @Argument(help: "A scan (.up1/.up2, h5ebsd, .npy, NORDIF .dat, a folder of images) or a Keras model (.h5, .keras).")
    var input: String

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var inputOptions: InputOptions

    @Flag(help: "Print the figures as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            if KerasModelFile.isModelFile(input) {
                let summary = ModelSummary(try modelOptions.load(input))
                if json {
                    let data = try JSONSerialization.data(withJSONObject: summary.jsonObject, options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(summary.text)
                }
                return
            }
            let reader = try ScanIO.openReader(input, options: inputOptions.readOptions)
            let summary = ScanSummary(path: input, scan: reader.scan)
            print(json ? summary.json() : summary.text())
        }
    }
}
