import Foundation

/// SplitMix64: a small, fast, seedable generator so simulations repeat exactly for a seed.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Poisson-distributed count of mean `mean`: Knuth's product method below 30, the normal
    /// approximation (mean, variance = mean) above, where it is accurate to well under a count.
    public mutating func poisson(mean: Double) -> Double {
        guard mean > 0 else { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var product = Double.random(in: 0..<1, using: &self)
            var count = 0.0
            while product > limit {
                product *= Double.random(in: 0..<1, using: &self)
                count += 1
            }
            return count
        }
        return max(0, (mean + mean.squareRoot() * gaussian()).rounded())
    }

    /// A standard normal sample (Box-Muller).
    public mutating func gaussian() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
