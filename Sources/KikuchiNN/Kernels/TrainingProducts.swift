import CBLAS

/// The matrix products of the backward pass, which need the first operand transposed
/// (weight gradients are patchesᵀ x output gradients); row-major `cblas_sgemm`.
enum TrainingProducts {
    /// C[m x n] (+)= op(A) x op(B), op(A) being A[m x k] or, when `transposeA`, the transpose of
    /// A[k x m]; op(B) being B[k x n] or, when `transposeB`, the transpose of B[n x k].
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
    }

    /// dL/db += the sum of `dz` (pre-activation gradients, channels last) over every sample and
    /// pixel: the bias gradient of a convolution with `channels` filters.
    static func addBiasGradient(_ dz: Tensor, channels: Int, into biasGradient: inout [Float]) {
        dz.storage.withUnsafeBufferPointer { gradient in
            biasGradient.withUnsafeMutableBufferPointer {
                addColumnSums(gradient.baseAddress!, rows: dz.storage.count / channels, channels: channels, into: $0.baseAddress!)
            }
        }
    }

    /// sums[c] += the sum over rows of values[row, c], for `rows x channels` values (bias gradients).
    static func addColumnSums(_ values: UnsafePointer<Float>, rows: Int, channels: Int, into sums: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            let line = values + row * channels
            for channel in 0..<channels { sums[channel] += line[channel] }
        }
    }
}
