import ArgumentParser
import Foundation

@main
struct Kikuchi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kikuchi",
        abstract: "Denoise EBSD Kikuchi patterns: scan I/O, a convolutional autoencoder and the classic denoisers.",
        subcommands: [
            InfoCommand.self, UnpackCommand.self, RepackCommand.self, ConvertCommand.self, DenoiseCommand.self, MergeCommand.self,
            BackgroundCommand.self, CompareCommand.self, IndexCommand.self, SimulateCommand.self, TrainCommand.self, ModelCommand.self,
            DemoCommand.self, BenchCommand.self
        ]
    )

    /// Parses and runs a subcommand. Bad usage is one line on standard error and exit status 2
    /// (SPEC), rather than the argument parser's usage block and 64; help and version print as usual.
    static func main() {
        // Line-buffered standard output, so results and progress lines keep their order in a log.
        setvbuf(stdout, nil, _IOLBF, 0)
        // Past a file-size limit (ulimit -f), a write should fail with a message, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let status = exitCode(for: error)
            if status == .validationFailure {
                let message =
                    Kikuchi.message(for: error).replacingOccurrences(of: "Error: ", with: "")
                    .split(separator: "\n").first.map(String.init) ?? "bad usage"
                FileHandle.standardError.write(Data("kikuchi: error: \(message) (see --help)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
