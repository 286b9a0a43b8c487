/// Keras `MaxPooling2D`: the largest value of each window per channel; with `same` padding the
/// padded cells take no part (MaxPooling2D(2, 'same') on 59 gives 30, the last window one cell).
public final class MaxPooling2D: PoolingLayer {
    public let name: String
    public var className: String { "MaxPooling2D" }
    public let window: PoolingWindow

    public init(name: String, window: PoolingWindow) {
        self.name = name
        self.window = window
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        if let (rows, columns) = window.disjointWindows(height: input.height, width: input.width) {
            // Windows that tile the input: each sample is one band of `maxPool`.
            let pooledSize = rows.outputSize * columns.outputSize * input.channels
            return Tensor(shape: [input.count, rows.outputSize, columns.outputSize, input.channels]) { output in
                input.storage.withUnsafeBufferPointer { source in
                    for sample in 0..<input.count {
                        window.maxPool(
                            band: source.baseAddress! + sample * input.sampleSize, rows: 0..<input.height,
                            width: input.width, channels: input.channels, pooledRows: rows, pooledColumns: columns,
                            into: output.baseAddress! + sample * pooledSize)
                    }
                }
            }
        }
        return window.pool(input) { cells, output, channels in
            output.update(from: cells[0], count: channels)
            for cell in cells.dropFirst() {
                for channel in 0..<channels where cell[channel] > output[channel] { output[channel] = cell[channel] }
            }
        }
    }
}
