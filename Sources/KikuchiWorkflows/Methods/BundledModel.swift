import Foundation
import KikuchiCore
import KikuchiIO

/// The models `kikuchi` ships, used whenever a command's --model is left out: the autoencoder
/// (`models/ebsd-autoencoder.h5`, trained by `training/train-bundled-model.sh`) and the neighbour
/// networks of `--method nlpar-network` and `regions-network` (`models/nlpar-network.h5` and
/// `models/regions-network.h5`, `training/train-neighbour-model.sh`).
///
/// Where `$KIKUCHI_MODEL` is set, it names the autoencoder's file and nothing else is looked at
/// (`$KIKUCHI_NEIGHBOUR_MODEL` and `$KIKUCHI_REGIONS_MODEL` the neighbour networks'). Otherwise,
/// in order: `models/` of the source tree this binary was built from (a checkout, where `make`
/// builds it); `share/kikuchi/` beside the binary's folder (an installed copy: `bin/kikuchi` and
/// `share/kikuchi/ebsd-autoencoder.h5`).
public enum BundledModel: Sendable {
    case autoencoder
    case neighbourNetwork
    case regionsNetwork

    public var fileName: String {
        switch self {
        case .autoencoder: return "ebsd-autoencoder.h5"
        case .neighbourNetwork: return "nlpar-network.h5"
        case .regionsNetwork: return "regions-network.h5"
        }
    }

    private var environmentVariable: String {
        switch self {
        case .autoencoder: return "KIKUCHI_MODEL"
        case .neighbourNetwork: return "KIKUCHI_NEIGHBOUR_MODEL"
        case .regionsNetwork: return "KIKUCHI_REGIONS_MODEL"
        }
    }

    /// The places looked in, in order.
    public var candidates: [String] {
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            return [fromEnvironment]
        }
        var list: [String] = []
        // This file is Sources/KikuchiWorkflows/Methods/BundledModel.swift of the tree.
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        list.append(sourceRoot.appendingPathComponent("models").appendingPathComponent(fileName).path)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        list.append(
            executable.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("share/kikuchi").appendingPathComponent(fileName).path)
        return list
    }

    /// The bundled model's path, or nil when none of the candidates exists.
    public var path: String? {
        candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// `given`, else the bundled model; an error naming where it looked when there is none.
    public func resolve(_ given: String?) throws -> String {
        if let given { return given }
        guard let path else {
            throw KikuchiError.badInput(
                "--model", "no model given and no bundled model found (looked at \(candidates.joined(separator: ", "))); pass --model FILE")
        }
        return path
    }
}
