import CBLAS
import CWinograd

/// dL/dK of a stride-1 r x r convolution by Winograd's F(m x m, r x r), the forward pass's own
/// transform run backwards (Lavin & Gray 2015, section 5).
///
/// The forward output tile is z = A^T [ (G g G^T) ⊙ (B^T d B) ] A, summed over input channels.
/// Differentiating with respect to the kernel g, per channel pair (c, f):
///   dL/dg[c, f] = G^T [ sum over tiles of V[c] ⊙ D[f] ] G,
/// where V = B^T d B is the forward's input transform of the tile's alpha x alpha input patch and
/// D = A dz A^T (alpha x alpha) carries the tile's m x m output gradient back to the transform
/// points. For every one of the alpha^2 points the sum over tiles is one GEMM,
/// S[point] (in x filters) += V[point]^T (in x tiles) x D[point] (tiles x filters), so the
/// multiplications fall from m^2 r^2 to alpha^2 per tile and channel pair (5.1 times fewer for
/// F(6x6, 3x3), 6.25 for F(4x4, 5x5)). D comes from the same C row transform as V: with the
/// alpha x alpha matrix [A | 0] in place of B^T, [A | 0] p [A | 0]^T is A times the top-left
/// m x m block of the patch p times A^T, and cells past the output read as zero.
struct WinogradKernelGradient {
    /// The first of the four workspace slots it uses (after the fused pooling's).
    static let firstSlot = Workspace.pooledBandSlot + 1
    /// The most values of V and D together (32 MiB): the GEMMs sum over the band's tiles, and
    /// with the forward pass's 4 MiB bands (80 tiles at 236 x 236) writing the sums back cost
    /// more than Winograd saved.
    static let bandElements = 8 * Workspace.tileElements / 2

    let transform: WinogradTransform
    let inChannels: Int
    let filters: Int
    /// alpha^2 x in x filters sums S, accumulated over bands and samples in a workspace slot of
    /// their own (the first band's products overwrite it, so it is never zero-filled).
    private let sums: UnsafeMutablePointer<Float>
    private let inputTransform: [Float]
    /// The transform's point products T (alpha^2 x r^2) in float32.
    private let pointProducts: [Float]
    /// [A | 0]: row i holds A[i][y] = A^T[y][i] for y < m, then zeros.
    private let gradientTransform: [Float]

    /// Valid until the workspace's slot `firstSlot + 3` is asked for again.
    init(transform: WinogradTransform, inChannels: Int, filters: Int, workspace: Workspace) {
        self.transform = transform
        self.inChannels = inChannels
        self.filters = filters
        let m = transform.outputTile, alpha = transform.inputTile
        sums = workspace.scratch(Self.firstSlot + 3, count: alpha * alpha * inChannels * filters)
        inputTransform = transform.inputTransform.map { Float($0) }
        pointProducts = transform.pointProducts.map { Float($0) }
        var padded = [Float](repeating: 0, count: alpha * alpha)
        for i in 0..<alpha {
            for y in 0..<m { padded[i * alpha + y] = Float(transform.outputTransform[y * alpha + i]) }
        }
        gradientTransform = padded
    }

    /// Sums `count` samples (count > 0): sample k's input (height x width x in, the layer's input) at
    /// `input + k * inputStride` and its dL/dz (the output grid x filters) at
    /// `outputGradient + k * gradientStride`, with the forward pass's window geometry. Bands run
    /// across samples, so that small images still give the GEMMs long sums (K = tiles).
    func accumulate(
        input: UnsafePointer<Float>, inputStride: Int, height: Int, width: Int,
        outputGradient: UnsafePointer<Float>, gradientStride: Int, count: Int,
        rows: WindowGeometry, columns: WindowGeometry, workspace: Workspace
    ) {
        precondition(count > 0, "the kernel gradient needs at least one sample")
        let m = transform.outputTile, alpha = transform.inputTile, points = alpha * alpha
        let outputHeight = rows.outputSize, outputWidth = columns.outputSize
        let tileRows = (outputHeight + m - 1) / m, tilesAcross = (outputWidth + m - 1) / m
        let perTileRow = tilesAcross * points * (inChannels + filters)
        let totalTileRows = tileRows * count
        let bandTileRows = max(1, min(totalTileRows, Self.bandElements / max(perTileRow, 1)))
        let stripWidth = (tilesAcross - 1) * m + alpha
        // Slots of their own: a layer's GEMM backward pass may hold pointers to slots 0 and 1.
        let transformed = workspace.scratch(Self.firstSlot, count: bandTileRows * tilesAcross * points * inChannels)
        let gradients = workspace.scratch(Self.firstSlot + 1, count: bandTileRows * tilesAcross * points * filters)
        let strip = workspace.scratch(Self.firstSlot + 2, count: alpha * stripWidth * max(inChannels, filters))
        let (inChannels, filters) = (self.inChannels, self.filters)
        inputTransform.withUnsafeBufferPointer { bt in
            gradientTransform.withUnsafeBufferPointer { at in
                // Tile row r of the flattened list is tile row r % tileRows of sample r / tileRows.
                var first = 0
                while first < totalTileRows {
                    let bandRows = min(bandTileRows, totalTileRows - first)
                    let tiles = bandRows * tilesAcross
                    for band in 0..<bandRows {
                        let sample = (first + band) / tileRows, tileRow = (first + band) % tileRows
                        kk_winograd_input_row(
                            input + sample * inputStride, Int32(height), Int32(width), Int32(inChannels),
                            Int32(rows.start(tileRow * m)), Int32(columns.start(0)),
                            Int32(tilesAcross), Int32(m), Int32(alpha), bt.baseAddress!, strip,
                            transformed + band * tilesAcross * points * inChannels, points * inChannels, inChannels)
                        kk_winograd_input_row(
                            outputGradient + sample * gradientStride, Int32(outputHeight), Int32(outputWidth),
                            Int32(filters), Int32(tileRow * m), 0, Int32(tilesAcross), Int32(m), Int32(alpha),
                            at.baseAddress!, strip,
                            gradients + band * tilesAcross * points * filters, points * filters, filters)
                    }
                    // V and D are tile-major (as in `WinogradConvolution`): a point's rows lie
                    // alpha^2 x channels apart.
                    for point in 0..<points {
                        TrainingProducts.multiply(
                            m: inChannels, n: filters, k: tiles,
                            a: transformed + point * inChannels, lda: points * inChannels, transposeA: true,
                            b: gradients + point * filters, ldb: points * filters, transposeB: false,
                            c: sums + point * inChannels * filters, ldc: filters,
                            accumulate: first > 0)
                    }
                    first += bandRows
                }
            }
        }
    }

    /// Adds G^T S G, the kernel gradient (r, r, in, filters) in Keras' layout, to `kernelGradient`:
    /// dK[(a, b)] += sum over points (i, j) of T[(i, j), (a, b)] S[(i, j)], one GEMM with the
    /// transform's point products T (`WinogradTransform.pointProducts`).
    func addKernelGradient(to kernelGradient: UnsafeMutablePointer<Float>) {
        let rr = transform.kernel * transform.kernel, points = transform.inputTile * transform.inputTile
        let pairs = inChannels * filters
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rr), Int32(pairs), Int32(points), 1,
            pointProducts, Int32(rr), sums, Int32(pairs), 1, kernelGradient, Int32(pairs))
    }
}
