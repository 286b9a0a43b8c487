import CWinograd

/// A stride-1 r x r convolution of one sample by Winograd's F(m x m, r x r) (Lavin & Gray 2015).
///
/// The output is cut into m x m tiles; tile (ty, tx) needs the alpha x alpha input patch whose
/// top-left cell is (ty * m - padTop, tx * m - padLeft), cells outside the input being zero (this
/// is both `same` padding and the overhang of the last tiles). Work goes by bands of tile rows:
/// 1. input transform: each patch d becomes B^T d B (`kk_winograd_input_row`), stored tile-major,
///    V[tile][point][in] (each tile's values are written in one run rather than to alpha^2
///    streams), so that for each of the alpha^2 points the band is a (tiles x in) matrix
///    with rows alpha^2 x in apart;
/// 2. alpha^2 GEMMs: M[point] = V[point] (tiles x in) x U[point] (in x filters), U the transformed
///    kernel (`WinogradKernel`);
/// 3. output transform: each tile's A^T M A plus the bias goes straight into the output
///    (`kk_winograd_output_row`, which also applies a ReLU), and any other activation runs on
///    the band's output rows.
/// A band holds as many tile rows as keep V and M within `bandElements` values (at least one), so
/// the scratch memory does not grow with the image. `output` holds the first of the
/// output rows a run computes.
struct WinogradConvolution {
    /// The most values of V and M together (4 MiB): the autoencoder ran as fast with this as with
    /// twice it (best of 4 runs each), so the smaller keeps the workspace small.
    static let bandElements = Workspace.tileElements / 2

    let input: UnsafePointer<Float>
    let height: Int
    let width: Int
    let output: UnsafeMutablePointer<Float>
    let rows: WindowGeometry
    let columns: WindowGeometry
    let kernel: WinogradKernel
    let bias: UnsafePointer<Float>?
    let activation: Activation

    /// Output rows `outputRows`, which start at a tile boundary (a multiple of m).
    func run(outputRows: Range<Int>, workspace: Workspace) {
        let m = kernel.transform.outputTile, alpha = kernel.transform.inputTile
        precondition(outputRows.lowerBound % m == 0, "Winograd output rows start at a tile boundary")
        let points = alpha * alpha
        let channels = kernel.inChannels, filters = kernel.filters
        let outputWidth = columns.outputSize
        let lastTileRow = (outputRows.upperBound + m - 1) / m, tilesAcross = (outputWidth + m - 1) / m
        let tileRows = lastTileRow - outputRows.lowerBound / m
        let perTileRow = tilesAcross * points * (channels + filters)
        let bandTileRows = max(1, min(tileRows, Self.bandElements / max(perTileRow, 1)))
        let stripWidth = (tilesAcross - 1) * m + alpha
        let transformed = workspace.scratch(0, count: bandTileRows * tilesAcross * points * channels)
        let products = workspace.scratch(1, count: bandTileRows * tilesAcross * points * filters)
        let strip = workspace.scratch(2, count: alpha * stripWidth * channels)
        let tileScratch = workspace.scratch(3, count: alpha * m * filters)
        let rectify = activation == .relu

        kernel.values.withUnsafeBufferPointer { weights in
            kernel.inputTransform.withUnsafeBufferPointer { bt in
                kernel.outputTransform.withUnsafeBufferPointer { at in
                    var firstTileRow = outputRows.lowerBound / m
                    while firstTileRow < lastTileRow {
                        let bandRows = min(bandTileRows, lastTileRow - firstTileRow)
                        let tiles = bandRows * tilesAcross
                        for band in 0..<bandRows {
                            let tileRow = firstTileRow + band
                            kk_winograd_input_row(
                                input, Int32(height), Int32(width), Int32(channels),
                                Int32(rows.start(tileRow * m)), Int32(columns.start(0)),
                                Int32(tilesAcross), Int32(m), Int32(alpha), bt.baseAddress!, strip,
                                transformed + band * tilesAcross * points * channels, points * channels, channels)
                        }
                        for point in 0..<points {
                            GEMM.multiply(
                                m: tiles, n: filters, k: channels,
                                a: transformed + point * channels, lda: points * channels,
                                b: weights.baseAddress! + point * channels * filters, ldb: filters,
                                c: products + point * filters, ldc: points * filters)
                        }
                        for band in 0..<bandRows {
                            let firstRow = (firstTileRow + band) * m
                            let rowCount = min(m, outputRows.upperBound - firstRow)
                            let destination = output + (firstRow - outputRows.lowerBound) * outputWidth * filters
                            kk_winograd_output_row(
                                products + band * tilesAcross * points * filters, points * filters, filters,
                                Int32(tilesAcross), Int32(m), Int32(alpha), at.baseAddress!,
                                Int32(filters), bias, destination,
                                Int32(rowCount), Int32(outputWidth), rectify ? 1 : 0, tileScratch)
                            if !rectify { activation.apply(destination, count: rowCount * outputWidth * filters) }
                        }
                        firstTileRow += bandRows
                    }
                }
            }
        }
    }
}
