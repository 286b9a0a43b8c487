import CBLAS

/// Single-precision matrix products through OpenBLAS (`cblas_sgemm`, `cblas_sgemv`), row-major.
///
/// Every convolution ends here: im2col turns it into C = A x B with A the image patches
/// (one row per output pixel) and B the kernel (Keras' (kh, kw, in, out) flattened to
/// (kh*kw*in) x out), so the product is already NHWC.
public enum GEMM {
    /// C[m x n] = A[m x k] x op(B) (+ C when `accumulate`), op(B) = B[k x n] or, when
    /// `transposeB`, the transpose of B[n x k]. Leading dimensions are row strides.
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
            accumulate ? 1 : 0, c, Int32(ldc))
    }

    /// y[m] += A[m x n] x x[n]; A has row stride `lda`, x and y are contiguous.
    public static func multiplyAdd(
        m: Int, n: Int, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(lda), x, 1, 1, y, 1)
    }

    /// y[n] += x[n].
    public static func add(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        cblas_saxpy(Int32(count), 1, x, 1, y, 1)
    }
}
