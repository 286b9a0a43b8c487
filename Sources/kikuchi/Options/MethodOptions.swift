import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiWorkflows

/// The library's defaults, which the options below show.
private let defaults = DenoiserSettings(scanPath: "")

/// The settings of the classic methods, shared by `denoise` and `compare`.
struct ClassicMethodOptions: ParsableArguments {
    @Option(help: "pca: the number of principal components kept.")
    var components = defaults.components

    @Option(help: "pca: an HDF5 file holding the decomposition: reused when it exists, else written.")
    var pcaModel: String?

    @Option(help: "pca: power iterations of the randomized SVD (default: scikit-learn's choice, 7 when K is below a tenth of min(patterns, pixels), else 4).")
    var powerIterations: Int?

    @Option(help: "nlpar: the smoothing lambda, or 'auto' for PyEBSDIndex's automatic choice.")
    var lambda = defaults.lambda

    @Option(help: "nlpar and regions: the search radius in map steps.")
    var radius = defaults.radius

    @Option(help: "npa: the window, COLUMNSxROWS (odd).")
    var window = defaults.window

    @Option(help: "npa: the window's weights: circular, gaussian or rectangular.")
    var kernel = defaults.kernel

    @Option(help: "dynamic: the Gaussian blur's sigma in pixels (default: width / 8).")
    var sigma: Double?

    @Option(
        help:
            "nlpar-network and regions-network: keep the averaging's pattern where the network's bands agree with it by more than MARGIN less than its noise allows (NCC)."
    )
    var guardMargin = DenoiserSettings.defaultGuardMargin

    @Flag(help: "The network methods: the network's output everywhere, without the guard and the blend.")
    var noGuard = false

    func validate() throws {
        guard guardMargin >= 0 && guardMargin.isFinite else { throw ValidationError("--guard-margin must be 0 or more, not \(guardMargin)") }
    }

    /// The settings of every method for a run on `scanPath` with these options, the network's
    /// `model` and `modelOptions`, and `threads` cores.
    func settings(
        scanPath: String, model: String?, modelOptions: ModelOptions, threads: Int,
        autoencoder: AutoencoderSettings = AutoencoderSettings()
    ) -> DenoiserSettings {
        var settings = DenoiserSettings(scanPath: scanPath)
        settings.model = model
        settings.architecture = modelOptions.architecture
        settings.autoencoder = autoencoder
        settings.components = components
        settings.pcaModel = pcaModel
        settings.powerIterations = powerIterations
        settings.lambda = lambda
        settings.radius = radius
        settings.window = window
        settings.kernel = kernel
        settings.sigma = sigma
        settings.guardMargin = noGuard ? nil : guardMargin
        settings.threads = threads
        return settings
    }
}

extension AveragingWindow.Kernel: ExpressibleByArgument {}

extension DenoiserMethod {
    /// The method a command line names; an unknown name is a usage error listing the choices.
    static func named(onCommandLine name: String, allowingRaw: Bool = true) throws -> DenoiserMethod {
        do {
            return try DenoiserMethod(named: name, allowingRaw: allowingRaw)
        } catch let error as KikuchiError {
            throw ValidationError(error.problem)
        }
    }
}

/// The methods' names for help texts: "a, b, c or d".
func methodList(_ methods: [DenoiserMethod]) -> String {
    let names = methods.map(\.rawValue)
    return names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
}
