import Foundation
import KikuchiCore
import KikuchiIO

/// PCA denoising: each pattern x becomes mu + sum over the first K components v_k of
/// ((x - mu) . v_k) v_k, the reconstruction of scikit-learn's `PCA(K).inverse_transform(transform(X))`,
/// with the model fitted to the whole scan in `prepare`.
///
/// The fit is exact (`ExactPCA`, what scikit-learn's `svd_solver='full'` gives) where that is
/// affordable, that is where `ExactPCA.affordableRoute` finds a route: up to 4096 patterns whose
/// float32 copy fits in 256 MiB (the N x N Gram matrix; about N^2 P / 2 + 4 N^3 / 3 flops), or
/// patterns of so few pixels that the P x P scatter matrix costs no more than the randomized
/// passes. Beyond, the fit is randomized and out of core (`RandomizedPCA`), whose memory does not
/// grow with the pattern count. The two differ most on small, noisy scans: past the signal the
/// spectrum is flat noise, whose components a randomized range finder resolves only slowly (each
/// power iteration damps the unwanted ones by lambda_(L+1) / lambda_K, close to 1 there), and
/// those components are part of the reconstruction. `decomposition` overrides the choice;
/// `usedExactDecomposition` and `exactRoute` say what `prepare` did. Asking for `powerIterations`
/// asks for the randomized fit.
///
/// The randomized fit makes `powerIterations` iterations when asked (plain ones, as scikit-learn's
/// `iterated_power`); otherwise at least scikit-learn's automatic count (`automaticIterations`),
/// shifted, and more until the top-K subspace settles (`RandomizedPCA`'s test: at most 1e-6 of the
/// model's variance leaves it in an iteration), up to `automaticMaximumIterations`, since the
/// automatic count alone can leave noise-level components unresolved on any scan whose spectrum
/// flattens past K, as low-dose scans' does.
///
/// With `modelFile`, a model already there (fitted to patterns of the same size, with at least K
/// components) is reused and no pass over the scan is made; otherwise the fitted model is saved there.
/// The reconstruction is float32, unrounded; the writer rounds once (`OutputEncoding`).
public final class PCADenoiser: PatternDenoiser {
    /// How `prepare` fits the model.
    public enum Decomposition: String, Sendable {
        /// Exact where `ExactPCA.affordableRoute` allows it, randomized beyond; randomized too when
        /// `powerIterations` is given, since a count asked for is a randomized fit asked for.
        case automatic
        /// Always exact (`.gram` if it fits the memory bounds, else `.covariance` if P <= 4096).
        case exact
        /// Always the randomized fit.
        case randomized
    }

    public let componentCount: Int
    public let modelFile: String?
    /// The power iterations asked for; nil: scikit-learn's automatic choice (`automaticIterations`)
    /// and more while the subspace still turns.
    public let requestedIterations: Int?
    public let oversampling: Int
    public let seed: UInt64
    public let scanPath: String
    public let decomposition: Decomposition
    /// The model in use (its first K components), once `prepare` has run.
    public private(set) var model: PCADecomposition?
    /// Whether `prepare` read the model from `modelFile` instead of fitting it.
    public private(set) var reusedModel = false
    /// Whether `prepare` fitted the model exactly (false when it was randomized or reused).
    public private(set) var usedExactDecomposition = false
    /// The exact fit's route, when `prepare` made one.
    public private(set) var exactRoute: ExactPCA.Route?
    /// The power iterations the randomized fit made, when `prepare` made one.
    public private(set) var powerIterationsMade: Int?

    /// The most power iterations of the automatic choice.
    public static let automaticMaximumIterations = 40

    /// - Throws: `KikuchiError.badInput` for fewer than one component.
    public init(
        components: Int, modelFile: String? = nil, oversampling: Int = 10, powerIterations: Int? = nil,
        seed: UInt64 = 0, scanPath: String = "", decomposition: Decomposition = .automatic
    ) throws {
        guard components >= 1 else {
            throw KikuchiError.badInput(scanPath, "--components must be at least 1, not \(components)")
        }
        if let powerIterations, powerIterations < 0 {
            throw KikuchiError.badInput(scanPath, "--power-iterations must be at least 0, not \(powerIterations)")
        }
        componentCount = components
        self.modelFile = modelFile
        requestedIterations = powerIterations
        self.oversampling = oversampling
        self.seed = seed
        self.scanPath = scanPath
        self.decomposition = decomposition
    }

    /// scikit-learn's `iterated_power='auto'`: 7 power iterations when K is below a tenth of
    /// min(patterns, pixels), else 4. Fewer lose the signal where its eigenvalues sit near the
    /// noise's, as at a few counts per pixel (docs/benchmarks.md, the PCA settings).
    public static func automaticIterations(components: Int, patterns: Int, pixels: Int) -> Int {
        Double(components) < 0.1 * Double(min(patterns, pixels)) ? 7 : 4
    }

    public func prepare(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void) throws {
        let scan = reader.scan
        if let modelFile, FileManager.default.fileExists(atPath: modelFile) {
            let saved = try PCADecomposition.load(from: modelFile)
            guard saved.width == scan.width, saved.height == scan.height else {
                throw KikuchiError.badInput(
                    modelFile, "PCA model is for \(saved.width) x \(saved.height) patterns, not the \(scan.width) x \(scan.height) of \(scanPath)")
            }
            guard saved.componentCount >= componentCount else {
                throw KikuchiError.badInput(modelFile, "PCA model holds \(saved.componentCount) components, fewer than the \(componentCount) asked for")
            }
            model = saved.leading(componentCount)
            reusedModel = true
            usedExactDecomposition = false
            exactRoute = nil
            powerIterationsMade = nil
            return
        }
        let limit = min(scan.count, scan.pixelsPerPattern)
        guard componentCount <= limit else {
            throw KikuchiError.badInput(
                scanPath, "--components \(componentCount) exceeds what \(scan.count) patterns of \(scan.pixelsPerPattern) pixels allow (at most \(limit))")
        }
        let minimum =
            requestedIterations
            ?? Self.automaticIterations(components: componentCount, patterns: scan.count, pixels: scan.pixelsPerPattern)
        let sketchColumns = min(componentCount + oversampling, limit)
        let route: ExactPCA.Route?
        switch decomposition {
        case .automatic where requestedIterations != nil:
            route = nil
        case .automatic:
            route = ExactPCA.affordableRoute(
                patterns: scan.count, pixels: scan.pixelsPerPattern,
                sketchColumns: sketchColumns, powerIterations: minimum)
        case .exact:
            guard let fitting = ExactPCA.fittingRoute(patterns: scan.count, pixels: scan.pixelsPerPattern) else {
                throw KikuchiError.badInput(
                    scanPath,
                    "an exact PCA of \(scan.count) patterns of \(scan.pixelsPerPattern) pixels needs more memory than it may take (at most \(ExactPCA.gramPatternLimit) patterns of 256 MiB together, or \(ExactPCA.covariancePixelLimit) pixels)"
                )
            }
            route = fitting
        case .randomized:
            route = nil
        }
        let fitted: PCADecomposition
        if let route {
            fitted = try ExactPCA(components: componentCount, route: route).fit(reader, progress: progress)
            powerIterationsMade = nil
        } else {
            let fitter = RandomizedPCA(
                components: componentCount, oversampling: oversampling, powerIterations: minimum,
                maximumPowerIterations: requestedIterations == nil ? max(minimum, Self.automaticMaximumIterations) : nil,
                seed: seed)
            let fit = try fitter.fitCountingIterations(reader, progress: progress)
            fitted = fit.model
            powerIterationsMade = fit.powerIterations
        }
        if let modelFile { try fitted.save(to: modelFile) }
        model = fitted
        reusedModel = false
        usedExactDecomposition = route != nil
        exactRoute = route
    }

    public func makeWorker() throws -> PatternDenoisingWorker {
        guard let model else { throw KikuchiError.processing(scanPath, "PCA used before prepare") }
        return PCAWorker(model: model)
    }
}
