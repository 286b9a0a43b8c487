import CBLAS
/// A Conv2D kernel in the Winograd domain: for every transform point (i, j) of F(m x m, r x r),
/// the (in x filters) matrix U[i, j] = (G g G^T)[i, j] over all channel pairs, so that the
/// element-wise stage of the convolution is one GEMM per point (see `WinogradConvolution`).
///
/// Built once per set of weights, in double precision (the 1 / N_i of the interpolation sit in G),
/// and rounded to float32 once. Also holds B^T and A^T in float32 for the data transforms.
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
        // (r^2 x in*filters) matrix: one double-precision GEMM.
        let pairs = inChannels * filters
        let points = alpha * alpha
        let kernelDoubles = kernel.map { Double($0) }
        var values = [Double](repeating: 0, count: points * pairs)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(points), Int32(pairs), Int32(r * r), 1,
                    transform.pointProducts, Int32(r * r), kernelDoubles, Int32(pairs), 0, &values, Int32(pairs))
        self.values = values.map { Float($0) }
    }
}
