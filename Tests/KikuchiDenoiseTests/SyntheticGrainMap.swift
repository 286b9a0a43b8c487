import Foundation
import KikuchiIO

/// A small map of grains with known membership for the region tests: each grain's clean pattern is
/// a smooth background times (1 + contrast x a few random Gaussian-profile bands), and each
/// recorded pattern draws Gaussian noise of the Poisson deviation sqrt(counts) at `dose` counts
/// per pixel on top of it, stored at `gain` units per count in 16 bits.
struct SyntheticGrainMap {
    let geometry: MapGeometry
    let size: Int
    /// The grain of each pattern, by scan index.
    let grain: [Int]
    let clean: PatternBatch
    let noisy: PatternBatch

    /// Grains are the Voronoi cells of `grains` seed points on a `columns` x `rows` map.
    init(
        columns: Int, rows: Int, grains: Int, size: Int = 60, dose: Double, contrast: Double = 0.3,
        gain: Double = 16, seed: UInt64
    ) {
        var random = SplitMix(state: seed)
        geometry = MapGeometry(columns: columns, rows: rows)
        self.size = size
        let seeds = (0..<grains).map { _ in (random.uniform() * Double(columns), random.uniform() * Double(rows)) }
        grain = (0..<columns * rows).map { index in
            let (x, y) = (Double(index % columns) + 0.5, Double(index / columns) + 0.5)
            return seeds.indices.min { a, b in
                pow(seeds[a].0 - x, 2) + pow(seeds[a].1 - y, 2) < pow(seeds[b].0 - x, 2) + pow(seeds[b].1 - y, 2)
            }!
        }
        let centre = Double(size - 1) / 2
        let patterns: [[Double]] = (0..<grains).map { _ in
            let bands = (0..<6).map { _ in (random.uniform() * .pi, (random.uniform() - 0.5) * Double(size), 1.5 + 2 * random.uniform()) }
            return (0..<size * size).map { p in
                let (x, y) = (Double(p % size) - centre, Double(p / size) - centre)
                let background = 1 - 0.5 * (x * x + y * y) / (centre * centre * 2)
                let signal = bands.reduce(0.0) { sum, band in
                    let distance = x * cos(band.0) + y * sin(band.0) - band.1
                    return sum + exp(-distance * distance / (2 * band.2 * band.2))
                }
                return background * (1 + contrast * signal)
            }
        }
        var clean = PatternBatch(width: size, height: size, pixelType: .uint16, count: grain.count)
        var noisy = clean
        for (index, g) in grain.enumerated() {
            let expected = patterns[g].map { $0 * dose }
            clean.setPattern(index, from: expected.map { Float($0 * gain) })
            noisy.setPattern(index, from: expected.map { Float(max($0 + $0.squareRoot() * random.normal(), 0) * gain) })
        }
        self.clean = clean
        self.noisy = noisy
    }

    /// SplitMix64, with uniform and Box-Muller normal draws.
    struct SplitMix {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

        mutating func normal() -> Double {
            let u = max(uniform(), 1e-300), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }
}
