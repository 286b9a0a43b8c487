import Foundation
import KikuchiIO

/// The model `kikuchi` ships (`models/ebsd-autoencoder.h5`, trained by
/// `training/train-bundled-model.sh`), used whenever a command's --model is left out.
///
/// Where `$KIKUCHI_MODEL` is set, it names the file and nothing else is looked at. Otherwise,
/// in order: `models/` of the source tree this binary was built from (a checkout, where `make`
/// builds it); `share/kikuchi/` beside the binary's folder (an installed copy: `bin/kikuchi` and
/// `share/kikuchi/ebsd-autoencoder.h5`).
enum BundledModel {
    static let fileName = "ebsd-autoencoder.h5"

    /// The places looked in, in order.
    static var candidates: [String] {
        if let fromEnvironment = ProcessInfo.processInfo.environment["KIKUCHI_MODEL"], !fromEnvironment.isEmpty {
            return [fromEnvironment]
        }
        var list: [String] = []
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        list.append(sourceRoot.appendingPathComponent("models").appendingPathComponent(fileName).path)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        list.append(executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/kikuchi").appendingPathComponent(fileName).path)
        return list
    }

    /// The bundled model's path, or nil when none of the candidates exists.
    static var path: String? {
        candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `given`, else the bundled model; an error naming where it looked when there is none.
    static func resolve(_ given: String?) throws -> String {
        if let given { return given }
        guard let path else {
            throw KikuchiError.badInput("--model", "no model given and no bundled model found (looked at \(candidates.joined(separator: ", "))); pass --model FILE")
        }
        return path
    }
}
