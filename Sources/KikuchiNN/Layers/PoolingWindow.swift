import KikuchiCore

/// The window of a pooling layer: size, strides (Keras' default: the pool size) and padding,
/// read from a configuration and checked against an input.
public struct PoolingWindow: Sendable {
    public let size: (rows: Int, columns: Int)
    public let strides: (rows: Int, columns: Int)
    public let padding: PaddingMode

    public init(size: (Int, Int), strides: (Int, Int)? = nil, padding: PaddingMode = .valid) {
        self.size = size
        self.strides = strides ?? size
        self.padding = padding
    }

    init(config: KerasLayerConfig) throws {
        try config.requireChannelsLast()
        let size = try config.pair("pool_size", default: (2, 2))
        let strides = config.has("strides") ? try config.pair("strides") : size
        self.init(size: size, strides: strides, padding: try config.padding())
        guard size.0 > 0, size.1 > 0, strides.0 > 0, strides.1 > 0 else {
            throw config.problem("pool_size and strides must be positive")
        }
    }

    func outputShape(_ input: FeatureShape, layer: String) throws -> FeatureShape {
        let height = WindowGeometry.outputSize(input.height, kernel: size.rows, stride: strides.rows, padding: padding)
        let width = WindowGeometry.outputSize(input.width, kernel: size.columns, stride: strides.columns, padding: padding)
        if height == 0 || width == 0 {
            throw KikuchiError.badInput("", "layer '\(layer)': input \(input) is smaller than the \(size.rows)x\(size.columns) pool")
        }
        return FeatureShape(height: height, width: width, channels: input.channels)
    }

    var kerasConfig: [String: Any] {
        [
            "pool_size": [size.rows, size.columns], "strides": [strides.rows, strides.columns],
            "padding": padding.rawValue, "data_format": "channels_last"
        ]
    }

    /// Calls `visit(output pixel offset, input cell offsets)` for every output pixel of a sample
    /// of `height x width`, with the offsets (in pixels) of the window's cells that lie inside the
    /// input: padded cells are left out, as TensorFlow's pooling ignores them.
    func forEachWindow(height: Int, width: Int, _ visit: (Int, [Int]) -> Void) -> (height: Int, width: Int) {
        let rows = WindowGeometry(inputSize: height, kernel: size.rows, stride: strides.rows, padding: padding)
        let columns = WindowGeometry(inputSize: width, kernel: size.columns, stride: strides.columns, padding: padding)
        var cells: [Int] = []
        cells.reserveCapacity(size.rows * size.columns)
        for outputRow in 0..<rows.outputSize {
            let top = rows.start(outputRow)
            for outputColumn in 0..<columns.outputSize {
                let left = columns.start(outputColumn)
                cells.removeAll(keepingCapacity: true)
                for row in max(top, 0)..<min(top + size.rows, height) {
                    for column in max(left, 0)..<min(left + size.columns, width) {
                        cells.append(row * width + column)
                    }
                }
                visit(outputRow * columns.outputSize + outputColumn, cells)
            }
        }
        return (rows.outputSize, columns.outputSize)
    }

    /// The output size for a concrete input.
    func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        (
            WindowGeometry(inputSize: height, kernel: size.rows, stride: strides.rows, padding: padding).outputSize,
            WindowGeometry(inputSize: width, kernel: size.columns, stride: strides.columns, padding: padding).outputSize
        )
    }

    /// Runs `reduce(input cell pointers, output pointer, channels)` over every window of every
    /// sample of `input`.
    func pool(_ input: Tensor, reduce: ([UnsafePointer<Float>], UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let (outputHeight, outputWidth) = outputSize(height: input.height, width: input.width)
        let channels = input.channels
        return Tensor(shape: [input.count, outputHeight, outputWidth, channels]) { output in
            input.storage.withUnsafeBufferPointer { source in
                var pointers: [UnsafePointer<Float>] = []
                for sample in 0..<input.count {
                    let x = source.baseAddress! + sample * input.sampleSize
                    let y = output.baseAddress! + sample * outputHeight * outputWidth * channels
                    _ = forEachWindow(height: input.height, width: input.width) { pixel, cells in
                        pointers.removeAll(keepingCapacity: true)
                        for cell in cells { pointers.append(x + cell * channels) }
                        reduce(pointers, y + pixel * channels, channels)
                    }
                }
            }
        }
    }

    /// Max pooling of a band of rows without overlapping windows that start at cell 0 (size equal
    /// to strides, no padding before): `band` holds rows `rows` (starting at a window boundary)
    /// of an input `width` wide; every window that ends in the band, or is cut short by the
    /// input's last row, is written to `output` (the whole pooled sample, `pooledRows` x
    /// `pooledColumns`). Cells beyond the input take no part, as in `pool`.
    func maxPool(
        band: UnsafePointer<Float>, rows: Range<Int>, width: Int, channels: Int,
        pooledRows: WindowGeometry, pooledColumns: WindowGeometry, into output: UnsafeMutablePointer<Float>
    ) {
        let firstWindow = rows.lowerBound / strides.rows
        let lastWindow = min(pooledRows.outputSize, (rows.upperBound + strides.rows - 1) / strides.rows)
        guard firstWindow < lastWindow else { return }
        for outputRow in firstWindow..<lastWindow {
            let cellRows = outputRow * strides.rows..<min(outputRow * strides.rows + size.rows, rows.upperBound)
            for outputColumn in 0..<pooledColumns.outputSize {
                let cellColumns = outputColumn * strides.columns..<min(outputColumn * strides.columns + size.columns, width)
                let destination = output + (outputRow * pooledColumns.outputSize + outputColumn) * channels
                var first = true
                for row in cellRows {
                    for column in cellColumns {
                        let cell = band + ((row - rows.lowerBound) * width + column) * channels
                        if first {
                            destination.update(from: cell, count: channels)
                            first = false
                        } else {
                            for channel in 0..<channels {
                                let value = cell[channel], largest = destination[channel]
                                destination[channel] = value > largest ? value : largest
                            }
                        }
                    }
                }
            }
        }
    }

    /// The windows of `maxPool` when they tile the input from cell 0 (size equal to strides, no
    /// padding before) for an input of height x width; nil for overlapping or padded-before windows.
    func disjointWindows(height: Int, width: Int) -> (rows: WindowGeometry, columns: WindowGeometry)? {
        let rows = WindowGeometry(inputSize: height, kernel: size.rows, stride: strides.rows, padding: padding)
        let columns = WindowGeometry(inputSize: width, kernel: size.columns, stride: strides.columns, padding: padding)
        guard size == strides, rows.padBefore == 0, columns.padBefore == 0, rows.outputSize > 0, columns.outputSize > 0 else {
            return nil
        }
        return (rows, columns)
    }

    /// The backward pass of `maxPool` over a whole sample, with the `disjointWindows` of its
    /// height x width: each window's output gradient goes, per channel, to the first cell in
    /// row-major order that holds the maximum (the one `maxPool` kept); `inputGradient` must be
    /// zero, as cells of no window stay.
    func maxPoolGradient(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, height: Int, width: Int,
        channels: Int, pooledRows: WindowGeometry, pooledColumns: WindowGeometry,
        into inputGradient: UnsafeMutablePointer<Float>
    ) {
        // Per channel: the largest value so far and the offset of its cell, cells taken in
        // row-major order with the channel loop innermost (contiguous, so it vectorises).
        let largest = UnsafeMutablePointer<Float>.allocate(capacity: channels)
        // Cell offsets as Int32, the width of a float lane, so that the selects vectorise.
        precondition(height * width * channels <= Int(Int32.max), "a sample this large is pooled by the general path")
        let winner = UnsafeMutablePointer<Int32>.allocate(capacity: channels)
        defer {
            largest.deallocate()
            winner.deallocate()
        }
        for outputRow in 0..<pooledRows.outputSize {
            let cellRows = outputRow * strides.rows..<min(outputRow * strides.rows + size.rows, height)
            for outputColumn in 0..<pooledColumns.outputSize {
                let cellColumns = outputColumn * strides.columns..<min(outputColumn * strides.columns + size.columns, width)
                var first = true
                for row in cellRows {
                    for column in cellColumns {
                        let cell = (row * width + column) * channels
                        let values = input + cell
                        if first {
                            largest.update(from: values, count: channels)
                            winner.update(repeating: Int32(cell), count: channels)
                            first = false
                            continue
                        }
                        Self.keepLarger(values, cell: Int32(cell), largest: largest, winner: winner, channels: channels)
                    }
                }
                let gradient = outputGradient + (outputRow * pooledColumns.outputSize + outputColumn) * channels
                for channel in 0..<channels { inputGradient[Int(winner[channel]) + channel] += gradient[channel] }
            }
        }
    }

    /// Where values[c] > largest[c]: largest[c] = values[c] and winner[c] = cell; sixteen
    /// channels at a time.
    private static func keepLarger(
        _ values: UnsafePointer<Float>, cell: Int32, largest: UnsafeMutablePointer<Float>,
        winner: UnsafeMutablePointer<Int32>, channels: Int
    ) {
        let cells = SIMD16<Int32>(repeating: cell)
        var channel = 0
        while channel + 16 <= channels {
            let value = UnsafeRawPointer(values + channel).loadUnaligned(as: SIMD16<Float>.self)
            var best = UnsafeRawPointer(largest + channel).loadUnaligned(as: SIMD16<Float>.self)
            var owner = UnsafeRawPointer(winner + channel).loadUnaligned(as: SIMD16<Int32>.self)
            let larger = value .> best
            best.replace(with: value, where: larger)
            owner.replace(with: cells, where: larger)
            UnsafeMutableRawPointer(largest + channel).storeBytes(of: best, as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(winner + channel).storeBytes(of: owner, as: SIMD16<Int32>.self)
            channel += 16
        }
        for rest in channel..<channels where values[rest] > largest[rest] {
            largest[rest] = values[rest]
            winner[rest] = cell
        }
    }
}
