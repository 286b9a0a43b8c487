extension Conv2D {
    /// The most convolution output values held at once while pooling (1 MiB of floats), so that
    /// a band is still in cache when it is pooled.
    static let pooledBandElements = 256 * 1024

    /// This convolution followed by max pooling over `pool`, without ever holding the whole
    /// convolution output: bands of output rows (a multiple of both the Winograd tile and the
    /// pool window, so no window straddles two bands) are written to scratch and pooled at once.
    /// The result equals `MaxPooling2D.forward` of `forward`. Nil where the pool's windows overlap
    /// or begin in padding; then the caller runs the two layers one after the other.
    public func forward(_ input: Tensor, maxPooledBy pool: PoolingWindow, workspace: Workspace) -> Tensor? {
        let (rows, columns) = outputGeometry(height: input.height, width: input.width)
        let outputWidth = columns.outputSize
        guard let (pooledRows, pooledColumns) = pool.disjointWindows(height: rows.outputSize, width: outputWidth) else { return nil }
        let pooledSize = pooledRows.outputSize * pooledColumns.outputSize * filters
        return Tensor(shape: [input.count, pooledRows.outputSize, pooledColumns.outputSize, filters]) { output in
            eachSample(of: input, activation: activation, workspace: workspace) { sample, alignment, convolve in
                let unit = Self.leastCommonMultiple(alignment, pool.size.rows)
                let bandRows = max(unit, Self.pooledBandElements / max(outputWidth * filters, 1) / unit * unit)
                let band = workspace.scratch(Workspace.pooledBandSlot, count: bandRows * outputWidth * filters)
                var firstRow = 0
                while firstRow < rows.outputSize {
                    let bandEnd = min(firstRow + bandRows, rows.outputSize)
                    convolve(firstRow..<bandEnd, band)
                    pool.maxPool(
                        band: band, rows: firstRow..<bandEnd, width: outputWidth, channels: filters,
                        pooledRows: pooledRows, pooledColumns: pooledColumns,
                        into: output.baseAddress! + sample * pooledSize)
                    firstRow = bandEnd
                }
            }
        }
    }

    private static func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }
}
