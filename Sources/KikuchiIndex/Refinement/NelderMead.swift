/// The downhill simplex method of Nelder and Mead (1965), with the standard coefficients:
/// reflection 1, expansion 2, contraction 1/2, shrink 1/2 (SciPy's `minimize(method="Nelder-Mead")`
/// for a non-adaptive simplex).
///
/// It stops when both the spread of the simplex's values (max |f_i - f_best|) is within
/// `valueTolerance` and every vertex lies within `pointTolerance` of the best in every coordinate,
/// as SciPy's `fatol` and `xatol`, or after `maxEvaluations`.
public struct NelderMead {
    public var valueTolerance: Double
    public var pointTolerance: Double
    public var maxEvaluations: Int

    public init(valueTolerance: Double = 1e-7, pointTolerance: Double = 1e-6, maxEvaluations: Int = 400) {
        self.valueTolerance = valueTolerance
        self.pointTolerance = pointTolerance
        self.maxEvaluations = maxEvaluations
    }

    /// The minimum found from `start` with the initial simplex `start + step e_i`, its value and
    /// the number of evaluations of `f`.
    public func minimise(
        from start: [Double], step: [Double], _ f: ([Double]) -> Double
    ) -> (point: [Double], value: Double, evaluations: Int) {
        let n = start.count
        precondition(step.count == n && n > 0)
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += step[i]
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        var evaluations = n + 1

        func combine(_ a: [Double], _ b: [Double], _ t: Double) -> [Double] {
            // a + t (b - a)
            (0..<n).map { a[$0] + t * (b[$0] - a[$0]) }
        }

        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = simplex[0]
            let spread = values.dropFirst().map { abs($0 - values[0]) }.max() ?? 0
            let size = simplex.dropFirst().map { v in (0..<n).map { abs(v[$0] - best[$0]) }.max() ?? 0 }.max() ?? 0
            if spread <= valueTolerance && size <= pointTolerance { break }

            var centroid = [Double](repeating: 0, count: n)
            for v in simplex.dropLast() { for i in 0..<n { centroid[i] += v[i] / Double(n) } }
            let worst = simplex[n]
            let reflected = combine(centroid, worst, -1)
            let fr = f(reflected)
            evaluations += 1
            if fr < values[0] {
                let expanded = combine(centroid, worst, -2)
                let fe = f(expanded)
                evaluations += 1
                if fe < fr { (simplex[n], values[n]) = (expanded, fe) } else { (simplex[n], values[n]) = (reflected, fr) }
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                // Contract outside (towards the reflected point) or inside (towards the worst).
                let outside = fr < values[n]
                let contracted = combine(centroid, worst, outside ? -0.5 : 0.5)
                let fc = f(contracted)
                evaluations += 1
                if fc < (outside ? fr : values[n]) {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for k in 1...n {
                        simplex[k] = combine(simplex[0], simplex[k], 0.5)
                        values[k] = f(simplex[k])
                    }
                    evaluations += n
                }
            }
        }
        let at = values.indices.min { values[$0] < values[$1] }!
        return (simplex[at], values[at], evaluations)
    }
}
