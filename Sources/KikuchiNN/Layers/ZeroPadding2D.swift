/// Keras `ZeroPadding2D`: rows of zeros added at the top and bottom, columns at the left and right.
public final class ZeroPadding2D: MarginLayer {
    public static let marginKey = "padding"
    public let name: String
    public var className: String { "ZeroPadding2D" }
    public let top: Int, bottom: Int, left: Int, right: Int

    public init(name: String, top: Int, bottom: Int, left: Int, right: Int) {
        self.name = name
        (self.top, self.bottom, self.left, self.right) = (top, bottom, left, right)
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        return FeatureShape(
            height: input.height.map { $0 + top + bottom }, width: input.width.map { $0 + left + right },
            channels: input.channels)
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        let height = input.height + top + bottom
        let width = input.width + left + right
        var output = Tensor(shape: [input.count, height, width, input.channels])
        let rowLength = input.width * input.channels
        output.storage.withUnsafeMutableBufferPointer { destination in
            input.storage.withUnsafeBufferPointer { source in
                for sample in 0..<input.count {
                    for row in 0..<input.height {
                        let target = ((sample * height + row + top) * width + left) * input.channels
                        (destination.baseAddress! + target).update(
                            from: source.baseAddress! + (sample * input.height + row) * rowLength,
                            count: rowLength)
                    }
                }
            }
        }
        return output
    }
}
