/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method, in double
/// precision: rotations zero each off-diagonal element in turn until the off-diagonal mass is
/// negligible next to the diagonal (at most 50 sweeps; a few suffice in practice).
///
/// The randomized PCA needs it only for (K + oversampling)-square matrices, so O(n^3) per sweep is cheap.
struct SymmetricEigen {
    /// Eigenvalues, largest first.
    let values: [Double]
    /// Eigenvectors as the columns of an n x n row-major matrix, in the order of `values`.
    let vectors: [Double]
    let size: Int

    /// - Parameter matrix: n x n, row-major, symmetric.
    init(_ matrix: [Double], size n: Int) {
        precondition(matrix.count == n * n)
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<50 {
            var off = 0.0, diagonal = 0.0
            for i in 0..<n {
                diagonal += a[i * n + i] * a[i * n + i]
                for j in (i + 1) ..< max(n, i + 1) { off += a[i * n + j] * a[i * n + j] }
            }
            if off <= 1e-30 * max(diagonal, 1e-300) { break }
            for p in 0 ..< max(n - 1, 0) {
                for q in (p + 1) ..< n {
                    let apq = a[p * n + q]
                    guard abs(apq) > 1e-300 else { continue }
                    // The rotation angle that zeroes a[p][q]: tan(2 theta) = 2 a_pq / (a_qq - a_pp).
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        values = order.map { a[$0 * n + $0] }
        var sorted = [Double](repeating: 0, count: n * n)
        for (column, source) in order.enumerated() {
            for k in 0..<n { sorted[k * n + column] = v[k * n + source] }
        }
        vectors = sorted
        size = n
    }
}
