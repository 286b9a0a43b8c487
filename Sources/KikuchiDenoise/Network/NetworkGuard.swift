import Foundation
import KikuchiImage

/// Catches a network output that changed a pattern's bands more than the noise of the pattern it
/// was given can explain, so that the method falls back to that pattern there.
///
/// Bands of a pattern x are b(x) = x - G_s(x), s = min(width, height) / 16. For the pattern a the
/// network is checked against (the averaging's output) and its output n:
/// - observed agreement r = NCC(b(n), b(a));
/// - expected agreement, were n the clean pattern, rho = sqrt(S / (S + N)), with N the variance of
///   a's noise and S = var(b(a)) - N that of its bands' signal. N is estimated at the finest
///   scale: for white noise the residual a - G_1(a) has variance c N, c = 1 - 2 g_0^2 + (sum g_k^2)^2
///   for the one-dimensional kernel g of G_1; the bands' own fine detail only raises the estimate,
///   which makes the guard more lenient, never stricter.
/// The output is a where r < rho - margin: there the network has removed or invented more band
/// structure than a's noise accounts for (a clean real pattern turned into blobs or dots).
public struct NetworkGuard: Sendable {
    /// How far below the expected agreement the observed one may fall.
    public let margin: Double
    private let fine: GaussianBlur
    private let residualFactor: Double

    public init(margin: Double) throws {
        self.margin = margin
        fine = try GaussianBlur(sigma: 1)
        let w = fine.weights
        let squares = w[0] * w[0] + 2 * w.dropFirst().map { $0 * $0 }.reduce(0, +)
        residualFactor = 1 - 2 * w[0] * w[0] + squares * squares
    }

    /// (observed r, expected rho) of network output `output` against `checked`, both width x height.
    public func agreement(of output: [Float], with checked: [Float], width: Int, height: Int) throws -> (observed: Double, expected: Double) {
        let bands = try BandFilter(width: width, height: height)
        let a = try Image<Float>(width: width, height: height, pixels: checked)
        let bandsA = try bands.apply(checked).map(Double.init)
        let bandsN = try bands.apply(output).map(Double.init)
        let residual = zip(checked, fine.apply(a).pixels).map { Double($0 - $1) }
        let bandVariance = Self.variance(bandsA)
        let noise = Self.variance(residual) / residualFactor
        let expected = bandVariance > 0 ? (max(bandVariance - noise, 0) / bandVariance).squareRoot() : 0
        return (Self.correlation(bandsA, bandsN), expected)
    }

    /// Whether `output` must give way to `checked`; counted in `tally` when given.
    public func rejects(
        _ output: [Float], against checked: [Float], width: Int, height: Int,
        countingIn tally: NetworkGuardTally? = nil
    ) throws -> Bool {
        let (observed, expected) = try agreement(of: output, with: checked, width: width, height: height)
        let rejected = observed < expected - margin
        tally?.record(rejected: rejected)
        return rejected
    }

    private static func variance(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let mean = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
    }

    private static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}

/// How often a guard was consulted and gave way, across the workers of one run.
public final class NetworkGuardTally: @unchecked Sendable {
    private let lock = NSLock()
    private var checked = 0
    private var rejected = 0

    public init() {}

    func record(rejected wasRejected: Bool) {
        lock.lock()
        checked += 1
        if wasRejected { rejected += 1 }
        lock.unlock()
    }

    /// The run's line for the user: how often `kept` (what the guard checked against) replaced
    /// the network's output.
    func note(keeping kept: String, margin: Double) -> String {
        let (checked, rejected) = counts
        if checked == 0 { return "guard: no pattern left to it (the blend judged every one)" }
        return
            "guard: \(kept) kept for \(rejected) of \(checked) patterns, where the network changed the bands more than their noise explains (margin \(margin))"
    }

    /// (patterns checked, patterns where the network gave way).
    public var counts: (checked: Int, rejected: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (checked, rejected)
    }
}
