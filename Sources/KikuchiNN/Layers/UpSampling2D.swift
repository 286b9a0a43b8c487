/// Keras `UpSampling2D`: each axis enlarged by an integer factor, by repetition (`nearest`) or by
/// bilinear interpolation with half-pixel centres (TensorFlow's `resize`): output cell o samples
/// input position (o + 0.5) / factor - 0.5, clamped to the edges, between its two neighbours.
public final class UpSampling2D: Layer {
    public enum Interpolation: String, Sendable {
        case nearest, bilinear
    }

    public let name: String
    public var className: String { "UpSampling2D" }
    public let size: (rows: Int, columns: Int)
    public let interpolation: Interpolation
    public var parameters: [LayerParameter] { [] }

    public init(name: String, size: (Int, Int), interpolation: Interpolation = .nearest) {
        self.name = name
        self.size = size
        self.interpolation = interpolation
    }

    public convenience init(config: KerasLayerConfig) throws {
        try config.requireChannelsLast()
        let method = try config.string("interpolation", default: "nearest")
        guard let interpolation = Interpolation(rawValue: method) else {
            throw config.problem("interpolation '\(method)' is not supported (nearest, bilinear)")
        }
        self.init(name: config.name, size: try config.pair("size", default: (2, 2)), interpolation: interpolation)
        guard size.rows > 0, size.columns > 0 else { throw config.problem("size must be positive") }
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        return FeatureShape(
            height: input.height.map { $0 * size.rows }, width: input.width.map { $0 * size.columns },
            channels: input.channels)
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        ["size": [size.rows, size.columns], "data_format": "channels_last", "interpolation": interpolation.rawValue]
    }

    /// For each output cell along an axis: the two input cells and the weight of the second.
    private func samplingPoints(input: Int, factor: Int) -> [(Int, Int, Float)] {
        (0..<input * factor).map { output in
            switch interpolation {
            case .nearest:
                return (output / factor, output / factor, 0)
            case .bilinear:
                let position = (Float(output) + 0.5) / Float(factor) - 0.5
                let below = position.rounded(.down)
                let lower = max(Int(below), 0)
                let upper = min(Int(position.rounded(.up)), input - 1)
                return (lower, upper, position - below)
            }
        }
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        let channels = input.channels
        let rowPoints = samplingPoints(input: input.height, factor: size.rows)
        let columnPoints = samplingPoints(input: input.width, factor: size.columns)
        let outputWidth = columnPoints.count
        let outputSize = rowPoints.count * outputWidth * channels
        return Tensor(shape: [input.count, rowPoints.count, outputWidth, channels]) { output in
            input.storage.withUnsafeBufferPointer { source in
                for sample in 0..<input.count {
                    let x = source.baseAddress! + sample * input.sampleSize
                    var y = output.baseAddress! + sample * outputSize
                    for (top, bottom, rowWeight) in rowPoints {
                        for (left, right, columnWeight) in columnPoints {
                            let topLeft = x + (top * input.width + left) * channels
                            if interpolation == .nearest {
                                y.update(from: topLeft, count: channels)
                            } else {
                                let topRight = x + (top * input.width + right) * channels
                                let bottomLeft = x + (bottom * input.width + left) * channels
                                let bottomRight = x + (bottom * input.width + right) * channels
                                for channel in 0..<channels {
                                    let upper = topLeft[channel] + (topRight[channel] - topLeft[channel]) * columnWeight
                                    let lower = bottomLeft[channel] + (bottomRight[channel] - bottomLeft[channel]) * columnWeight
                                    y[channel] = upper + (lower - upper) * rowWeight
                                }
                            }
                            y += channels
                        }
                    }
                }
            }
        }
    }
}
