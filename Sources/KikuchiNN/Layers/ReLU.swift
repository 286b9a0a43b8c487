import Foundation

/// Keras `ReLU` layer: f(x) = min(x, max_value) for x >= threshold, negative_slope * (x - threshold)
/// below (max_value absent means no cap).
public final class ReLU: Layer {
    public let name: String
    public var className: String { "ReLU" }
    public let maxValue: Float?
    public let negativeSlope: Float
    public let threshold: Float
    public var parameters: [LayerParameter] { [] }

    public init(name: String, maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0) {
        self.name = name
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
    }

    public convenience init(config: KerasLayerConfig) throws {
        self.init(
            name: config.name, maxValue: try config.optionalFloat("max_value"),
            negativeSlope: try config.float("negative_slope", default: 0), threshold: try config.float("threshold", default: 0))
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape { try singleInput(inputs) }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [
            "max_value": maxValue.map { Double($0) as Any } ?? NSNull(), "negative_slope": Double(negativeSlope),
            "threshold": Double(threshold)
        ]
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor {
        var output = inputs[0]
        let cap = maxValue ?? .infinity
        output.storage.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let x = values[index]
                values[index] = x >= threshold ? min(x, cap) : negativeSlope * (x - threshold)
            }
        }
        return output
    }
}
