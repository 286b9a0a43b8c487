import Foundation

/// SplitMix64: a small, fast, seedable generator so simulations repeat exactly for a seed.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    /// The second normal sample of the last Box-Muller pair.
    private var spare: Double?

    public init(seed: UInt64) { state = seed }

    /// The generator of stream `stream` (a pattern's index) of `seed`: its state starts at a
    /// SplitMix64 hash of both, so the streams of neighbouring indices are unrelated. (Starting
    /// at seed + golden x (index + 1), as the simulator once did, made stream i + 1 stream i
    /// shifted by one draw, since the state advances by that same constant: neighbouring
    /// patterns carried the same noise one pixel apart.)
    public init(seed: UInt64, stream: UInt64) {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        state = z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) from the top 53 bits of the next output.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A Poisson-distributed count of mean `mean`, exactly distributed at every mean.
    ///
    /// Below 10 by inversion: one uniform u, then the smallest k with P(0) + ... + P(k) >= u, the
    /// terms built as P(k) = P(k-1) mean / k from P(0) = exp(-mean). From 10 up, Hoermann's
    /// transformed rejection with squeeze (PTRS; W. Hoermann, "The transformed rejection method
    /// for generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993)
    /// 39-45): with b = 0.931 + 2.53 sqrt(mean), a = -0.059 + 0.02483 b, U uniform on
    /// (-1/2, 1/2), V on (0, 1), us = 1/2 - |U|, k = floor((2a / us + b) U + mean + 0.43); k is
    /// taken at once when us >= 0.07 and V <= 0.9277 - 3.6224 / (b - 2), else when
    /// log(V alpha^-1 / (a / us^2 + b)) <= -mean + k log(mean) - log(k!), alpha^-1 = 1.1239 + 1.1328 / (b - 3.4).
    public mutating func poisson(mean: Double) -> Double {
        guard mean > 0 else { return 0 }
        if mean < 10 {
            let u = uniform()
            var term = exp(-mean)
            var cumulative = term
            var count = 0.0
            while u > cumulative && count < 200 {
                count += 1
                term *= mean / count
                cumulative += term
            }
            return count
        }
        let root = mean.squareRoot()
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let squeeze = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5
            let v = uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= squeeze { return k }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v * inverseAlpha / (a / (us * us) + b)) <= -mean + k * log(mean) - SeededGenerator.logFactorial(k) {
                return k
            }
        }
    }

    /// log(k!) from a table below 256, from lgamma above.
    private static func logFactorial(_ k: Double) -> Double {
        k < 256 ? logFactorials[Int(k)] : lgamma(k + 1)
    }

    private static let logFactorials: [Double] = {
        var table = [0.0]
        for k in 1..<256 { table.append(table[k - 1] + log(Double(k))) }
        return table
    }()

    /// A standard normal sample (Box-Muller, u in (0, 1], v in [0, 1)); each pair of uniforms
    /// gives two samples, the second kept for the next call.
    public mutating func gaussian() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        let u = 1 - uniform()
        let v = uniform()
        let radius = (-2 * log(u)).squareRoot()
        spare = radius * sin(2 * Double.pi * v)
        return radius * cos(2 * Double.pi * v)
    }
}
