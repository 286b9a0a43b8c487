/// Keras `AveragePooling2D`: the mean of each window per channel over the cells inside the
/// input (TensorFlow divides by the number of real cells, not the window size, at the edges).
public final class AveragePooling2D: PoolingLayer {
    public let name: String
    public var className: String { "AveragePooling2D" }
    public let window: PoolingWindow

    public init(name: String, window: PoolingWindow) {
        self.name = name
        self.window = window
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        window.pool(inputs[0]) { cells, output, channels in
            output.update(from: cells[0], count: channels)
            for cell in cells.dropFirst() {
                for channel in 0..<channels { output[channel] += cell[channel] }
            }
            let scale = 1 / Float(cells.count)
            for channel in 0..<channels { output[channel] *= scale }
        }
    }
}
