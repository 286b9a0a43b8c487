import CBLAS
import KikuchiCore
import KikuchiIO

/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method, in double
/// precision: rotations zero each off-diagonal element in turn until the off-diagonal mass is
/// negligible next to the diagonal (at most 50 sweeps; a few suffice in practice).
///
/// The randomized PCA needs it only for (K + oversampling)-square matrices, so O(n^3) per sweep is cheap;
/// the exact PCA's n-square matrices go to `LeadingEigenpairs` instead.
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
                for j in (i + 1)..<max(n, i + 1) { off += a[i * n + j] * a[i * n + j] }
            }
            if off <= 1e-30 * max(diagonal, 1e-300) { break }
            for p in 0..<max(n - 1, 0) {
                for q in (p + 1)..<n {
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

/// The `count` largest eigenpairs of a symmetric matrix, by LAPACK's dsyevr (libopenblas): one
/// Householder reduction to tridiagonal form, (4/3) n^3 flops, then the selected pairs alone by
/// relatively robust representations, O(n count), and their back-transformation, 2 n^2 count.
/// The cyclic Jacobi method above costs about 6 n^3 flops per sweep (its rotations touch two
/// rows and two columns of A and V each) and needs several sweeps, all unblocked.
struct LeadingEigenpairs {
    /// Eigenvalues, largest first.
    let values: [Double]
    /// count x n, row-major: row c is the unit eigenvector of `values[c]`.
    let vectors: [Double]

    /// - Parameters:
    ///   - matrix: n x n, row-major, symmetric; only its upper triangle (row-major) is read,
    ///     as cblas_dsyrk(CblasRowMajor, CblasUpper, ...) leaves it. It is overwritten.
    ///   - count: how many of the largest eigenpairs, 1 ... n.
    /// - Throws: `KikuchiError.processing` when LAPACK reports a failure (`info` != 0).
    init(_ matrix: inout [Double], size n: Int, count: Int) throws {
        precondition(matrix.count == n * n && count >= 1 && count <= n)
        // The row-major upper triangle is the column-major lower one.
        var jobz = CChar(UInt8(ascii: "V")), range = CChar(UInt8(ascii: "I")), uplo = CChar(UInt8(ascii: "L"))
        var order = Int32(n), lower = Int32(n - count + 1), upper = Int32(n)
        var bound = 0.0, tolerance = 0.0
        var found: Int32 = 0, info: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * count)
        var support = [Int32](repeating: 0, count: 2 * count)
        var workSize: Int32 = -1, intWorkSize: Int32 = -1
        var workQuery = 0.0, intWorkQuery: Int32 = 0
        // A workspace query first (lwork = liwork = -1), then the decomposition.
        dsyevr_(
            &jobz, &range, &uplo, &order, &matrix, &order, &bound, &bound, &lower, &upper, &tolerance,
            &found, &w, &z, &order, &support, &workQuery, &workSize, &intWorkQuery, &intWorkSize, &info, 1, 1, 1)
        if info == 0 {
            workSize = Int32(workQuery.rounded(.up))
            intWorkSize = intWorkQuery
            var work = [Double](repeating: 0, count: max(Int(workSize), 1))
            var intWork = [Int32](repeating: 0, count: max(Int(intWorkSize), 1))
            dsyevr_(
                &jobz, &range, &uplo, &order, &matrix, &order, &bound, &bound, &lower, &upper, &tolerance,
                &found, &w, &z, &order, &support, &work, &workSize, &intWork, &intWorkSize, &info, 1, 1, 1)
        }
        guard info == 0, Int(found) == count else {
            throw KikuchiError.processing("", "LAPACK dsyevr failed on a \(n) x \(n) matrix (info \(info), \(found) of \(count) eigenpairs)")
        }
        // dsyevr lists them in ascending order, each eigenvector a column of z (column-major).
        values = (0..<count).map { w[count - 1 - $0] }
        var rows = [Double](repeating: 0, count: count * n)
        for c in 0..<count {
            let source = (count - 1 - c) * n
            for i in 0..<n { rows[c * n + i] = z[source + i] }
        }
        vectors = rows
    }
}
