import Foundation

/// Mixes a network's output n with the pattern a it was given (the averaging's) in the proportion
/// that an indexer would find closest to the clean pattern, judged by an independent estimate m of
/// it (`RegionReferee`), so that the network is used where, and as far as, it helps.
///
/// An indexer sees a pattern after static background correction and compares shapes, not
/// amplitudes: the score of y = a + w (n - a) is NCC(b(y - mu), b(t - mu)), with t the clean
/// pattern, mu the scan's mean pattern and b(x) = x - G_s(x), s = min(width, height) / 16 (the
/// bands, as `NetworkGuard` takes them). m = t + e with e independent of n and a, so
/// <b(y - mu), b(m - mu)> / |b(y - mu)| estimates that score times one factor the same for every
/// w; its noise, over a pattern's thousands of pixels, is small beside it. With
/// p = <b(a - mu), m'>, q = <b(n - a), m'>, A = |b(a - mu)|^2, B = <b(a - mu), b(n - a)> and
/// D = |b(n - a)|^2 (m' = b(m - mu)), the score (p + w q) / sqrt(A + 2 w B + w^2 D) is stationary
/// at w = (p B - q A) / (q B - p D); the best of w = 0 (the averaging's pattern), w = 1 (the
/// network's) and that w where it lies between is found, then `tempered`.
public struct NetworkBlend: Sendable {
    /// Fewer region-mates than this in the ring: no judge, the output is left as it is.
    public static let minimumMates = 2
    /// The least share of a's band energy that must be left after the scan's mean pattern is
    /// taken off for the judge to decide.
    public static let minimumOwnBands = 0.1

    public init() {}

    /// w for network output `output`, the averaging's `averaged`, the independent mean
    /// `independent` and the scan's mean pattern `background`, `tempered` when `tempering` (a
    /// network that refines an averaging, whose errors are of the size of its own; not the
    /// autoencoder on a raw pattern, whose noise is far above the network's).
    /// nil where the scan's mean pattern holds nearly all of a's bands (a map of one grain, say),
    /// so that nothing is left to judge by: less than `minimumOwnBands` of their energy is a's own.
    public func weight(
        of output: [Float], averaged: [Float], independent: [Float], background: [Float], width: Int, height: Int,
        tempering: Bool = true
    ) throws -> Double? {
        let filter = try BandFilter(width: width, height: height)
        func bands(_ x: [Float]) throws -> [Double] { try filter.apply(x).map(Double.init) }
        let start = try bands(zip(averaged, background).map { $0 - $1 })
        let change = try bands(zip(output, averaged).map { $0 - $1 })
        let judge = try bands(zip(independent, background).map { $0 - $1 })
        let own = try bands(averaged).reduce(0.0) { $0 + $1 * $1 }
        var p = 0.0, q = 0.0, a = 0.0, b = 0.0, d = 0.0
        for k in start.indices {
            p += start[k] * judge[k]
            q += change[k] * judge[k]
            a += start[k] * start[k]
            b += start[k] * change[k]
            d += change[k] * change[k]
        }
        guard a > Self.minimumOwnBands * own else { return nil }
        func score(_ w: Double) -> Double {
            let length = a + 2 * w * b + w * w * d
            return length > 0 ? (p + w * q) / length.squareRoot() : -.infinity
        }
        var candidates = [0.0, 1.0]
        let denominator = q * b - p * d
        if denominator != 0 {
            let stationary = (p * b - q * a) / denominator
            if stationary > 0 && stationary < 1 { candidates.append(stationary) }
        }
        let best = candidates.max { score($0) < score($1) }!
        return tempering ? Self.tempered(best) : best
    }

    /// A judged weight above one half, taken halfway back to one half: w' = w for w <= 1/2,
    /// (w + 1/2) / 2 above.
    ///
    /// The judge errs toward the network. Its region-mates lie outside what the network read,
    /// further from the pattern than its own neighbourhood, so where the segmentation is unsure
    /// they carry neighbouring grains too, and a smooth output resembles that mixture more than
    /// the averaging's pattern does (measured in docs/methods.md, "The blend"). Halving the step
    /// past one half keeps the judge's ranking and most of the network's gain where it helps,
    /// while the mix it then gives is never further than a quarter from an even mix of two
    /// estimates whose errors are largely independent.
    public static func tempered(_ w: Double) -> Double {
        w <= 0.5 ? w : (w + 0.5) / 2
    }

    /// a + w (n - a).
    public static func mix(_ output: [Float], into averaged: [Float], weight: Double) -> [Float] {
        let w = Float(weight)
        return zip(output, averaged).map { $1 + w * ($0 - $1) }
    }
}

/// How the blend went across the workers of one run: patterns judged and their mean weight,
/// patterns without a judge.
public final class NetworkBlendTally: @unchecked Sendable {
    private let lock = NSLock()
    private var judged = 0
    private var weights = 0.0
    private var unjudged = 0

    public init() {}

    func record(weight: Double?) {
        lock.lock()
        if let weight {
            judged += 1
            weights += weight
        } else {
            unjudged += 1
        }
        lock.unlock()
    }

    /// (patterns judged, their mean network weight, patterns without a judge).
    public var counts: (judged: Int, meanWeight: Double, unjudged: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (judged, judged > 0 ? weights / Double(judged) : 0, unjudged)
    }
}
