import CBLAS

/// A Conv2D kernel in the Winograd domain: for every transform point (i, j) of F(m x m, r x r),
/// the (in x filters) matrix U[i, j] = (G g G^T)[i, j] over all channel pairs, so that the
/// element-wise stage of the convolution is one GEMM per point (see `WinogradConvolution`).
///
/// Built once per set of weights (in training, twice per step) by one float32 GEMM: with the
/// 1 / N_i of the interpolation in G, no entry of G exceeds 1 and the sums of 9 or 25 products
/// keep float32's own precision (3e-7 of each point's largest value on a Glorot 5x5 x 128 x 128
/// kernel, against a double-precision transform). Also holds B^T and A^T in float32 for the
/// data transforms.
final class WinogradKernel: @unchecked Sendable {
    let transform: WinogradTransform
    let inChannels: Int
    let filters: Int
    /// The kernel parameter and its revision these values were computed from.
    let source: LayerParameter
    let revision: Int
    /// alpha^2 x in x filters: point (i, j) at ((i * alpha + j) * in + c) * filters + f.
    let values: [Float]
    /// B^T, alpha x alpha.
    let inputTransform: [Float]
    /// A^T, m x alpha.
    let outputTransform: [Float]

    /// Transforms the current values of a Keras kernel of shape (r, r, in, filters).
    init(transform: WinogradTransform, kernel parameter: LayerParameter, inChannels: Int, filters: Int) {
        let kernel = parameter.values
        let r = transform.kernel, alpha = transform.inputTile
        precondition(kernel.count == r * r * inChannels * filters, "kernel does not have r x r x in x filters values")
        self.transform = transform
        self.inChannels = inChannels
        self.filters = filters
        source = parameter
        revision = parameter.revision
        inputTransform = transform.inputTransform.map { Float($0) }
        outputTransform = transform.outputTransform.map { Float($0) }

        // U = T x kernel, T[(i, j), (a, b)] = G[i][a] G[j][b] (alpha^2 x r^2), the kernel as an
        // (r^2 x in*filters) matrix.
        let pairs = inChannels * filters
        let points = alpha * alpha
        let products = transform.pointProducts.map { Float($0) }
        values = [Float](unsafeUninitializedCapacity: points * pairs) { buffer, initialized in
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(points), Int32(pairs), Int32(r * r), 1,
                products, Int32(r * r), kernel, Int32(pairs), 0, buffer.baseAddress!, Int32(pairs))
            initialized = points * pairs
        }
    }
}
