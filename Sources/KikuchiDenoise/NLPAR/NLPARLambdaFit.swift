import Foundation

/// PyEBSDIndex's automatic lambda (`NLPAR.opt_lambda`): for each target weight t of the pattern
/// itself (0.5, 0.34 and 0.25), the lambda minimising
///   mean over patterns of | t - 1 / (sum over its 3 x 3 slots of exp(-max(D, dthresh) / lambda^2) + 1e-12) |,
/// with D the normalised neighbour distances of `NLPARNoiseEstimate`; the choice is their median.
///
/// PyEBSDIndex minimises with Nelder-Mead from lambda = 1 within [0.001, 10]; here a log-spaced scan
/// of that interval brackets the minimum and a golden-section search refines it, which finds the
/// same minimum without depending on a starting point.
struct NLPARLambdaFit {
    static let targetWeights = [0.5, 0.34, 0.25]

    /// Nine normalised distances per pattern.
    let distances: [Float]
    let threshold: Double

    /// The mean absolute difference between `target` and the centre weight 1 / sum of weights.
    func misfit(_ lambda: Double, target: Double) -> Double {
        let patterns = distances.count / 9
        guard patterns > 0 else { return 0 }
        let scale = -1 / (lambda * lambda)
        var total = 0.0
        distances.withUnsafeBufferPointer { d in
            for p in 0..<patterns {
                var sum = 1e-12
                for s in 0..<9 { sum += exp(max(Double(d[p * 9 + s]), threshold) * scale) }
                total += abs(target - 1 / sum)
            }
        }
        return total / Double(patterns)
    }

    /// The best lambda in [0.001, 10] for one target weight.
    func bestLambda(target: Double) -> Double {
        let low = log(0.001), high = log(10.0), steps = 60
        let grid = (0...steps).map { low + (high - low) * Double($0) / Double(steps) }
        let values = grid.map { misfit(exp($0), target: target) }
        let best = values.indices.min { values[$0] < values[$1] }!
        var a = grid[max(best - 1, 0)], b = grid[min(best + 1, steps)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = misfit(exp(c), target: target), fd = misfit(exp(d), target: target)
        while b - a > 1e-5 {
            if fc < fd {
                b = d; d = c; fd = fc
                c = b - ratio * (b - a); fc = misfit(exp(c), target: target)
            } else {
                a = c; c = d; fc = fd
                d = a + ratio * (b - a); fd = misfit(exp(d), target: target)
            }
        }
        return exp((a + b) / 2)
    }

    /// The lambdas for the three target weights, and their median, the one NLPAR uses.
    func fit() -> (candidates: [Double], choice: Double) {
        let candidates = Self.targetWeights.map { bestLambda(target: $0) }
        return (candidates, candidates.sorted()[candidates.count / 2])
    }
}
