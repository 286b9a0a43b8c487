import Foundation

/// Keras `BatchNormalization` at inference, over the channel axis:
/// y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta, computed as
/// x * s + (beta - moving_mean * s) with s = gamma / sqrt(moving_variance + epsilon), as
/// TensorFlow's fused kernel does. `scale = false` drops gamma, `center = false` drops beta.
public final class BatchNormalization: Layer {
    public let name: String
    public var className: String { "BatchNormalization" }
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public let momentum: Float
    public private(set) var gamma: LayerParameter?
    public private(set) var beta: LayerParameter?
    public private(set) var movingMean = LayerParameter(name: "moving_mean", shape: [0])
    public private(set) var movingVariance = LayerParameter(name: "moving_variance", shape: [0])
    public var parameters: [LayerParameter] {
        (gamma.map { [$0] } ?? []) + (beta.map { [$0] } ?? []) + [movingMean, movingVariance]
    }

    public init(name: String, epsilon: Float = 0.001, center: Bool = true, scale: Bool = true, momentum: Float = 0.99) {
        self.name = name
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.momentum = momentum
    }

    public convenience init(config: KerasLayerConfig) throws {
        let axis: Int
        if let list = config.values["axis"] as? [Any] {
            guard list.count == 1, let value = list[0] as? NSNumber else {
                throw config.problem("axis \(list) is not supported (the channel axis, -1 or 3)")
            }
            axis = value.intValue
        } else {
            axis = try config.int("axis", default: -1)
        }
        guard axis == -1 || axis == 3 else {
            throw config.problem("axis \(axis) is not supported (the channel axis, -1 or 3)")
        }
        self.init(
            name: config.name, epsilon: try config.float("epsilon", default: 0.001),
            center: try config.bool("center", default: true), scale: try config.bool("scale", default: true),
            momentum: try config.float("momentum", default: 0.99))
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape {
        let input = try singleInput(inputs)
        let channels = input.channels
        guard movingMean.shape != [channels] else { return input }
        gamma = scale ? LayerParameter(name: "gamma", shape: [channels], values: [Float](repeating: 1, count: channels)) : nil
        beta = center ? LayerParameter(name: "beta", shape: [channels]) : nil
        movingMean = LayerParameter(name: "moving_mean", shape: [channels])
        movingVariance = LayerParameter(name: "moving_variance", shape: [channels], values: [Float](repeating: 1, count: channels))
        return input
    }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [
            "axis": style == .keras3 ? -1 as Any : [3] as Any, "momentum": Double(momentum), "epsilon": Double(epsilon),
            "center": center, "scale": scale
        ]
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        let input = inputs[0]
        let channels = input.channels
        var multiplier = [Float](repeating: 0, count: channels)
        var offset = [Float](repeating: 0, count: channels)
        for channel in 0..<channels {
            let factor = (gamma?.values[channel] ?? 1) / (movingVariance.values[channel] + epsilon).squareRoot()
            multiplier[channel] = factor
            offset[channel] = (beta?.values[channel] ?? 0) - movingMean.values[channel] * factor
        }
        return Tensor(shape: input.shape) { output in
            input.storage.withUnsafeBufferPointer { source in
                let pixels = input.storage.count / channels
                for pixel in 0..<pixels {
                    let x = source.baseAddress! + pixel * channels
                    let y = output.baseAddress! + pixel * channels
                    for channel in 0..<channels { y[channel] = x[channel] * multiplier[channel] + offset[channel] }
                }
            }
        }
    }
}
