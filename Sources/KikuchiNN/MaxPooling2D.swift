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
        window.pool(inputs[0]) { cells, output, channels in
            output.update(from: cells[0], count: channels)
            for cell in cells.dropFirst() {
                for channel in 0..<channels where cell[channel] > output[channel] { output[channel] = cell[channel] }
            }
        }
    }
}
