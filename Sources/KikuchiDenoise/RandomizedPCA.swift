import CBLAS
import Foundation
import KikuchiIO

/// Principal components of a whole scan out of core, by the randomized range finder of Halko,
/// Martinsson & Tropp (SIAM Review 53, 2011, algorithms 4.4 and 5.1) applied to the centred data's
/// row space, so that nothing of size N (the pattern count) is ever held.
///
/// With A the N x P centred patterns and L = K + oversampling:
/// 1. one pass: the mean pattern mu and Y = A^T Omega (P x L; Omega's row i is drawn from the seed and
///    i, so it is never stored; Y = X^T Omega - mu (sum of Omega's rows)^T);
/// 2. `powerIterations` passes: Q = orth(Y), then Y = A^T (A Q);
/// 3. one pass: Q = orth(Y), C = (A Q)^T (A Q) (L x L); C = W Lambda W^T;
///    the components are the columns of Q W, the explained variances Lambda / (N - 1).
/// Memory: a few P x L float matrices and one batch of patterns, whatever N is. GEMMs are cblas_sgemm.
public struct RandomizedPCA: Sendable {
    public var components: Int
    public var oversampling: Int
    public var powerIterations: Int
    public var seed: UInt64

    public init(components: Int, oversampling: Int = 10, powerIterations: Int = 2, seed: UInt64 = 0) {
        self.components = components
        self.oversampling = oversampling
        self.powerIterations = powerIterations
        self.seed = seed
    }

    /// Fits the model to every pattern of `reader`.
    public func fit(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) throws -> PCADecomposition {
        let scan = reader.scan
        let p = scan.pixelsPerPattern, n = scan.count
        let l = max(1, min(components + oversampling, n, p))
        let batchSize = reader.batchSize(forBytes: 16 << 20)
        var x: [Float] = []
        var ones = [Float](repeating: 1, count: batchSize)

        // Pass 1: the column sums of X (for the mean) and the uncentred sketch X^T Omega.
        var sketch = [Float](repeating: 0, count: p * l)
        var sum = [Double](repeating: 0, count: p)
        var batchSum = [Float](repeating: 0, count: p)
        var omegaSum = [Double](repeating: 0, count: l)
        try reader.forEachBatch(size: batchSize) { start, batch in
            let rows = batch.count
            batch.writeFloats(into: &x)
            let omega = gaussianRows(start ..< start + rows, columns: l)
            for r in 0..<rows { for c in 0..<l { omegaSum[c] += Double(omega[r * l + c]) } }
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(p), 1, x, Int32(p), ones, 1, 0, &batchSum, 1)
            for j in 0..<p { sum[j] += Double(batchSum[j]) }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(l), Int32(rows),
                        1, x, Int32(p), omega, Int32(l), 1, &sketch, Int32(l))
            progress("PCA: sketch", start + rows, n)
        }
        let mean = sum.map { Float($0 / Double(max(n, 1))) }
        // Y = A^T Omega = X^T Omega - mu (sum of Omega's rows)^T.
        for j in 0..<p { for c in 0..<l { sketch[j * l + c] -= Float(Double(mean[j]) * omegaSum[c]) } }

        // Power iterations: Y = A^T (A Q), with A Q = X Q - 1 (Q^T mu)^T and A^T Z = X^T Z - mu (1^T Z)^T.
        var basis = Self.orthonormalised(sketch, rows: p, columns: l)
        for iteration in 0..<powerIterations {
            var next = [Float](repeating: 0, count: p * l)
            var zSum = [Double](repeating: 0, count: l)
            try forEachProjection(reader, mean: mean, basis: basis, columns: l, batchSize: batchSize,
                                  stage: "PCA: power iteration \(iteration + 1)", progress: progress) { x, z, rows in
                for r in 0..<rows { for c in 0..<l { zSum[c] += Double(z[r * l + c]) } }
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(l), Int32(rows),
                            1, x, Int32(p), z, Int32(l), 1, &next, Int32(l))
            }
            for j in 0..<p { for c in 0..<l { next[j * l + c] -= Float(Double(mean[j]) * zSum[c]) } }
            basis = Self.orthonormalised(next, rows: p, columns: l)
        }

        // Rayleigh-Ritz: C = (A Q)^T (A Q), summed in double.
        var gram = [Double](repeating: 0, count: l * l)
        var partial = [Float](repeating: 0, count: l * l)
        try forEachProjection(reader, mean: mean, basis: basis, columns: l, batchSize: batchSize,
                              stage: "PCA: components", progress: progress) { _, z, rows in
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(l), Int32(l), Int32(rows),
                        1, z, Int32(l), z, Int32(l), 0, &partial, Int32(l))
            for k in 0 ..< l * l { gram[k] += Double(partial[k]) }
        }
        ones = []
        let eigen = SymmetricEigen(gram, size: l)
        let k = min(components, l)
        // Component c = Q w_c, stored as row c.
        var rotation = [Float](repeating: 0, count: l * k)
        for i in 0..<l { for c in 0..<k { rotation[i * k + c] = Float(eigen.vectors[i * l + c]) } }
        var columns = [Float](repeating: 0, count: p * k)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(p), Int32(k), Int32(l),
                    1, basis, Int32(l), rotation, Int32(k), 0, &columns, Int32(k))
        var rows = [Float](repeating: 0, count: k * p)
        for j in 0..<p { for c in 0..<k { rows[c * p + j] = columns[j * k + c] } }
        let variance = (0..<k).map { max(eigen.values[$0], 0) / Double(max(n - 1, 1)) }
        return PCADecomposition(width: scan.width, height: scan.height, patternCount: n, mean: mean,
                                components: rows, explainedVariance: variance)
    }

    /// One pass over the scan calling `body(x, z, rows)` for each batch, with x = X_b (uncentred)
    /// and z the centred projection A_b Q = X_b Q - 1 (Q^T mu)^T; both buffers are allocated once per pass.
    private func forEachProjection(_ reader: PatternReader, mean: [Float], basis: [Float], columns l: Int, batchSize: Int,
                                   stage: String, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void,
                                   _ body: ([Float], [Float], Int) throws -> Void) throws {
        let p = reader.scan.pixelsPerPattern
        var x: [Float] = [], z: [Float] = []
        var meanProjection = [Float](repeating: 0, count: l)
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(p), Int32(l), 1, basis, Int32(l), mean, 1, 0, &meanProjection, 1)
        if z.count < batchSize * l { z = [Float](repeating: 0, count: batchSize * l) }
        try reader.forEachBatch(size: batchSize) { start, batch in
            let rows = batch.count
            batch.writeFloats(into: &x)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(l), Int32(p),
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
    /// directions with Theta below 1e-12 of the largest become zero columns.
    static func orthonormalised(_ y: [Float], rows: Int, columns l: Int) -> [Float] {
        var q = y.map(Double.init)
        for _ in 0..<2 {
            var gram = [Double](repeating: 0, count: l * l)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(l), Int32(l), Int32(rows),
                        1, q, Int32(l), q, Int32(l), 0, &gram, Int32(l))
            let eigen = SymmetricEigen(gram, size: l)
            let largest = max(eigen.values.first ?? 0, 0)
            var transform = [Double](repeating: 0, count: l * l)
            for c in 0..<l where eigen.values[c] > largest * 1e-12 && eigen.values[c] > 0 {
                let scale = 1 / eigen.values[c].squareRoot()
                for i in 0..<l { transform[i * l + c] = eigen.vectors[i * l + c] * scale }
            }
            var next = [Double](repeating: 0, count: rows * l)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(l), Int32(l),
                        1, q, Int32(l), transform, Int32(l), 0, &next, Int32(l))
            q = next
        }
        return q.map(Float.init)
    }
}
