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

        let pairs = inChannels * filters
        let g = transform.kernelTransform
        // Down the kernel's rows: half[i][b] = sum over a of G[i][a] * kernel[a][b].
        var half = [Double](repeating: 0, count: alpha * r * pairs)
        for i in 0..<alpha {
            for a in 0..<r where g[i * r + a] != 0 {
                let weight = g[i * r + a]
                for b in 0..<r {
                    let source = (a * r + b) * pairs, destination = (i * r + b) * pairs
                    for pair in 0..<pairs { half[destination + pair] += weight * Double(kernel[source + pair]) }
                }
            }
        }
        // Along them: U[i][j] = sum over b of G[j][b] * half[i][b].
        var values = [Double](repeating: 0, count: alpha * alpha * pairs)
        for i in 0..<alpha {
            for j in 0..<alpha {
                let destination = (i * alpha + j) * pairs
                for b in 0..<r where g[j * r + b] != 0 {
                    let weight = g[j * r + b], source = (i * r + b) * pairs
                    for pair in 0..<pairs { values[destination + pair] += weight * half[source + pair] }
                }
            }
        }
        self.values = values.map { Float($0) }
    }
}
