import KikuchiCore

/// Keras `Cropping2D`: rows removed at the top and bottom, columns at the left and right.
public final class Cropping2D: MarginLayer {
    public static let marginKey = "cropping"
    public let name: String
    public var className: String { "Cropping2D" }
    public let top: Int, bottom: Int, left: Int, right: Int

    public init(name: String, top: Int, bottom: Int, left: Int, right: Int) {
        self.name = name
        (self.top, self.bottom, self.left, self.right) = (top, bottom, left, right)
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        let height = input.height.map { $0 - top - bottom }
        let width = input.width.map { $0 - left - right }
        if (height ?? 1) <= 0 || (width ?? 1) <= 0 {
            throw KikuchiError.badInput("", "layer '\(name)' (Cropping2D): cropping leaves nothing of \(input)")
        }
        return FeatureShape(height: height, width: width, channels: input.channels)
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        let height = input.height - top - bottom
        let width = input.width - left - right
        let rowLength = width * input.channels
        return Tensor(shape: [input.count, height, width, input.channels]) { output in
            input.storage.withUnsafeBufferPointer { source in
                var destination = output.baseAddress!
                for sample in 0..<input.count {
                    for row in 0..<height {
                        let start = ((sample * input.height + row + top) * input.width + left) * input.channels
                        destination.update(from: source.baseAddress! + start, count: rowLength)
                        destination += rowLength
                    }
                }
            }
        }
    }
}
