import CBLAS
import Foundation
import KikuchiIO

/// Principal components of a whole scan out of core, by the randomized range finder of Halko,
/// Martinsson & Tropp (SIAM Review 53, 2011, algorithms 4.4 and 5.1) applied to the centred data's
/// row space, so that nothing of size N (the pattern count) is ever held.
///
/// With A the N x P centred patterns and L = K + oversampling:
/// 1. one pass: the mean pattern mu and Y = A^T Omega (P x L; Omega's row i is drawn from the seed and
///    i, so it is never stored; Y = X^T Omega - mu (sum of Omega's rows)^T); Q = orth(Y);
/// 2. each further pass t: Z = A Q, C = Z^T Z = W Theta W^T (L x L, the Rayleigh-Ritz step) and
///    Y = A^T Z - alpha Q, then Q = orth(Y) for the next (alpha = 0 for a fixed count);
/// 3. after the last pass the components are the first K columns of Q W, the explained variances
///    Theta / (N - 1).
///
/// Without `maximumPowerIterations` the fit makes exactly `powerIterations` power iterations,
/// unshifted, as scikit-learn's `randomized_svd` with `iterated_power` does. With it, after at
/// least `powerIterations` it stops at the first t where the top-K Ritz subspace U_t has stopped
/// turning: sum_c theta_c (1 - |U_(t-1)^T u_c|^2) / sum_c theta_c <= `tolerance` (the share of the
/// model's variance that left the previous subspace), or at `maximumPowerIterations`; and its
/// iterations are shifted, alpha = max(alpha, theta_L / 2) never decreasing, the acceleration of
/// Feng, Yu et al.'s dashSVD: an eigenvalue lambda of A^T A is then damped by
/// |lambda - alpha| / (lambda_K - alpha) in place of lambda / lambda_K, which is smaller for every
/// unwanted lambda in [0, lambda_(L+1)] while alpha <= lambda_(L+1) / 2 (theta_L <= lambda_L keeps
/// alpha near there). It pays where the spectrum past K is flat (the noise of low-dose scans,
/// lambda_(L+1) / lambda_K close to 1); where lambda_(L+1) is far below lambda_L it can slow
/// convergence, which the stopping test then sees.
///
/// Memory: a few P x L matrices and one batch of patterns, whatever N is. The pattern GEMMs are cblas_sgemm.
public struct RandomizedPCA: Sendable {
    public var components: Int
    public var oversampling: Int
    /// The power iterations made (without `maximumPowerIterations`) or at least made (with it).
    public var powerIterations: Int
    /// The most power iterations when stopping on convergence; nil: exactly `powerIterations`.
    public var maximumPowerIterations: Int?
    /// The convergence threshold on the variance share that left the subspace in one iteration.
    public var tolerance: Double
    public var seed: UInt64

    public init(
        components: Int, oversampling: Int = 10, powerIterations: Int = 2, maximumPowerIterations: Int? = nil,
        tolerance: Double = 1e-6, seed: UInt64 = 0
    ) {
        self.components = components
        self.oversampling = oversampling
        self.powerIterations = powerIterations
        self.maximumPowerIterations = maximumPowerIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    /// A fitted model and the number of power iterations it took.
    public struct Fit: Sendable {
        public let model: PCADecomposition
        public let powerIterations: Int
    }

    /// Fits the model to every pattern of `reader`.
    public func fit(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) throws -> PCADecomposition {
        try fitCountingIterations(reader, progress: progress).model
    }

    /// Fits the model to every pattern of `reader`, saying how many power iterations it made.
    public func fitCountingIterations(
        _ reader: PatternReader,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) throws -> Fit {
        let scan = reader.scan
        let p = scan.pixelsPerPattern, n = scan.count
        let l = max(1, min(components + oversampling, n, p))
        let k = min(components, l)
        let batchSize = reader.batchSize(forBytes: 16 << 20)
        let minimum = max(powerIterations, 0)
        let maximum = max(maximumPowerIterations ?? minimum, minimum)
        var x: [Float] = []
        let ones = [Float](repeating: 1, count: batchSize)

        // Pass 1: the column sums of X (for the mean) and the uncentred sketch X^T Omega.
        var sketch = [Float](repeating: 0, count: p * l)
        var sum = [Double](repeating: 0, count: p)
        var batchSum = [Float](repeating: 0, count: p)
        var omegaSum = [Double](repeating: 0, count: l)
        try reader.forEachBatch(size: batchSize) { start, batch in
            let rows = batch.count
            batch.writeFloats(into: &x)
            let omega = gaussianRows(start..<start + rows, columns: l)
            for r in 0..<rows { for c in 0..<l { omegaSum[c] += Double(omega[r * l + c]) } }
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(p), 1, x, Int32(p), ones, 1, 0, &batchSum, 1)
            for j in 0..<p { sum[j] += Double(batchSum[j]) }
            cblas_sgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(l), Int32(rows),
                1, x, Int32(p), omega, Int32(l), 1, &sketch, Int32(l))
            progress("PCA: sketch", start + rows, n)
        }
        let mean = sum.map { Float($0 / Double(max(n, 1))) }
        // Y = A^T Omega = X^T Omega - mu (sum of Omega's rows)^T.
        for j in 0..<p { for c in 0..<l { sketch[j * l + c] -= Float(Double(mean[j]) * omegaSum[c]) } }

        // Passes over Q: the Rayleigh-Ritz step C = Z^T Z (in double) and, while iterating,
        // Y = A^T Z with Z = A Q = X Q - 1 (Q^T mu)^T and A^T Z = X^T Z - mu (1^T Z)^T.
        var basis = Self.orthonormalised(sketch, rows: p, columns: l)
        sketch = []
        var shift = 0.0
        var previous: [Double]? = nil
        var iteration = 0
        var partial = [Float](repeating: 0, count: l * l)
        while true {
            let iterating = iteration < maximum
            var next = [Float](repeating: 0, count: iterating ? p * l : 0)
            var zSum = [Double](repeating: 0, count: l)
            var gram = [Double](repeating: 0, count: l * l)
            let stage = iterating ? "PCA: power iteration \(iteration + 1)" : "PCA: components"
            try forEachProjection(
                reader, mean: mean, basis: basis.single, columns: l, batchSize: batchSize,
                stage: stage, progress: progress
            ) { x, z, rows in
                cblas_sgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, Int32(l), Int32(l), Int32(rows),
                    1, z, Int32(l), z, Int32(l), 0, &partial, Int32(l))
                for e in 0..<l * l { gram[e] += Double(partial[e]) }
                guard iterating else { return }
                for r in 0..<rows { for c in 0..<l { zSum[c] += Double(z[r * l + c]) } }
                cblas_sgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(l), Int32(rows),
                    1, x, Int32(p), z, Int32(l), 1, &next, Int32(l))
            }
            let eigen = SymmetricEigen(gram, size: l)
            // Without a maximum the loop ends when the iterations are made; with one, also on convergence.
            let watching = maximumPowerIterations != nil && iterating
            var done = !iterating
            var ritz: [Double]? = nil
            if watching || done { ritz = Self.ritzVectors(basis.double, eigen, rows: p, columns: l, count: k) }
            if watching, let ritz {
                if iteration >= minimum, let previous,
                    Self.subspaceTurn(from: previous, to: ritz, values: eigen.values, rows: p, count: k) <= tolerance
                {
                    done = true
                }
                previous = ritz
            }
            if done, let ritz {
                let variance = (0..<k).map { max(eigen.values[$0], 0) / Double(max(n - 1, 1)) }
                var rows = [Float](repeating: 0, count: k * p)
                for j in 0..<p { for c in 0..<k { rows[c * p + j] = Float(ritz[j * k + c]) } }
                PCADecomposition.flipSigns(&rows, count: k, pixels: p)
                return Fit(
                    model: PCADecomposition(
                        width: scan.width, height: scan.height, patternCount: n, mean: mean,
                        components: rows, explainedVariance: variance),
                    powerIterations: iteration)
            }
            if maximumPowerIterations != nil { shift = max(shift, max(eigen.values[l - 1], 0) / 2) }
            for j in 0..<p {
                for c in 0..<l {
                    next[j * l + c] -= Float(Double(mean[j]) * zSum[c] + shift * basis.double[j * l + c])
                }
            }
            basis = Self.orthonormalised(next, rows: p, columns: l)
            iteration += 1
        }
    }

    /// The first `count` Ritz vectors Q W (rows x count, row-major, double), W the eigenvectors of C.
    private static func ritzVectors(_ q: [Double], _ eigen: SymmetricEigen, rows: Int, columns l: Int, count k: Int) -> [Double] {
        var rotation = [Double](repeating: 0, count: l * k)
        for i in 0..<l { for c in 0..<k { rotation[i * k + c] = eigen.vectors[i * l + c] } }
        var out = [Double](repeating: 0, count: rows * k)
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(k), Int32(l),
            1, q, Int32(l), rotation, Int32(k), 0, &out, Int32(k))
        return out
    }

    /// sum_c theta_c (1 - |U_old^T u_c|^2 / |u_c|^2) / sum_c theta_c over the `count` new Ritz
    /// vectors u_c, both sets rows x count with orthonormal columns.
    static func subspaceTurn(from old: [Double], to new: [Double], values: [Double], rows: Int, count k: Int) -> Double {
        var overlap = [Double](repeating: 0, count: k * k)
        cblas_dgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(k), Int32(rows),
            1, old, Int32(k), new, Int32(k), 0, &overlap, Int32(k))
        var norms = [Double](repeating: 0, count: k)
        for j in 0..<rows { for c in 0..<k { norms[c] += new[j * k + c] * new[j * k + c] } }
        var left = 0.0, total = 0.0
        for c in 0..<k where norms[c] > 0 {
            var kept = 0.0
            for r in 0..<k { kept += overlap[r * k + c] * overlap[r * k + c] }
            let weight = max(values[c], 0)
            left += weight * max(1 - kept / norms[c], 0)
            total += weight
        }
        return total > 0 ? left / total : 0
    }

    /// One pass over the scan calling `body(x, z, rows)` for each batch, with x = X_b (uncentred)
    /// and z the centred projection A_b Q = X_b Q - 1 (Q^T mu)^T; both buffers are allocated once per pass.
    private func forEachProjection(
        _ reader: PatternReader, mean: [Float], basis: [Float], columns l: Int, batchSize: Int,
        stage: String, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void,
        _ body: ([Float], [Float], Int) throws -> Void
    ) throws {
        let p = reader.scan.pixelsPerPattern
        var x: [Float] = [], z: [Float] = []
        var meanProjection = [Float](repeating: 0, count: l)
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(p), Int32(l), 1, basis, Int32(l), mean, 1, 0, &meanProjection, 1)
        if z.count < batchSize * l { z = [Float](repeating: 0, count: batchSize * l) }
        try reader.forEachBatch(size: batchSize) { start, batch in
            let rows = batch.count
            batch.writeFloats(into: &x)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(l), Int32(p),
                1, x, Int32(p), basis, Int32(l), 0, &z, Int32(l))
            for r in 0..<rows { for c in 0..<l { z[r * l + c] -= meanProjection[c] } }
            try body(x, z, rows)
            progress(stage, start + rows, reader.scan.count)
        }
    }

    /// Gaussian rows of Omega for patterns `range`, each drawn from (seed, pattern index) alone, so
    /// that any batching gives the same matrix.
    func gaussianRows(_ range: Range<Int>, columns: Int) -> [Float] {
        var out = [Float](repeating: 0, count: range.count * columns)
        for (r, index) in range.enumerated() {
            var state = seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            for c in stride(from: 0, to: columns, by: 2) {
                // Box-Muller from two SplitMix64 uniforms in (0, 1].
                let u1 = Double(Self.splitMix(&state) >> 11 + 1) / 9_007_199_254_740_992
                let u2 = Double(Self.splitMix(&state) >> 11) / 9_007_199_254_740_992
                let radius = (-2 * log(u1)).squareRoot()
                out[r * columns + c] = Float(radius * cos(2 * .pi * u2))
                if c + 1 < columns { out[r * columns + c + 1] = Float(radius * sin(2 * .pi * u2)) }
            }
        }
        return out
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An orthonormal basis of the columns of `y` (rows x columns, row-major), twice through
    /// Q = Y U Theta^(-1/2) with Y^T Y = U Theta U^T in double (an eigen-based CholeskyQR2);
    /// directions with Theta below 1e-12 of the largest become zero columns. Returned in double
    /// (for the Ritz vectors and the shift) and in single precision (for the pattern GEMMs).
    static func orthonormalised(_ y: [Float], rows: Int, columns l: Int) -> (double: [Double], single: [Float]) {
        var q = y.map(Double.init)
        for _ in 0..<2 {
            var gram = [Double](repeating: 0, count: l * l)
            cblas_dgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, Int32(l), Int32(l), Int32(rows),
                1, q, Int32(l), q, Int32(l), 0, &gram, Int32(l))
            let eigen = SymmetricEigen(gram, size: l)
            let largest = max(eigen.values.first ?? 0, 0)
            var transform = [Double](repeating: 0, count: l * l)
            for c in 0..<l where eigen.values[c] > largest * 1e-12 && eigen.values[c] > 0 {
                let scale = 1 / eigen.values[c].squareRoot()
                for i in 0..<l { transform[i * l + c] = eigen.vectors[i * l + c] * scale }
            }
            var next = [Double](repeating: 0, count: rows * l)
            cblas_dgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(l), Int32(l),
                1, q, Int32(l), transform, Int32(l), 0, &next, Int32(l))
            q = next
        }
        return (q, q.map(Float.init))
    }
}
