import ArgumentParser

@main
struct Kikuchi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kikuchi",
        abstract: "Denoise EBSD Kikuchi patterns: scan I/O, a convolutional autoencoder and the classic denoisers.",
        subcommands: [InfoCommand.self, UnpackCommand.self, RepackCommand.self, ConvertCommand.self, DemoCommand.self]
    )
}
