import Foundation
import KikuchiCore

/// Keras `InputLayer`: names the model's input and gives its per-sample shape; computes nothing.
public final class InputLayer: Layer {
    public let name: String
    public var className: String { "InputLayer" }
    public let shape: FeatureShape
    public var parameters: [LayerParameter] { [] }

    public init(name: String, shape: FeatureShape) {
        self.name = name
        self.shape = shape
    }

    /// From a configuration's batch shape (`batch_shape` in Keras 3, `batch_input_shape` in
    /// tf.keras 2.x), which must be (batch, height, width, channels) with known channels.
    public convenience init(name: String, batchShape: [Any], className: String = "InputLayer") throws {
        let sizes = batchShape.map { ($0 as? NSNumber)?.intValue }
        guard sizes.count == 4, let channels = sizes[3] else {
            throw KikuchiError.badInput(
                "", "layer '\(name)' (\(className)): input shape \(InputLayer.describe(sizes)) is not (batch, height, width, channels) with known channels")
        }
        self.init(name: name, shape: FeatureShape(height: sizes[1], width: sizes[2], channels: channels))
    }

    static func describe(_ sizes: [Int?]) -> String {
        "(" + sizes.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }

    public func build(inputs: [FeatureShape]) throws -> FeatureShape { shape }

    public func kerasConfig(style: KerasStyle) -> [String: Any] {
        [style == .keras3 ? "batch_shape" : "batch_input_shape": shape.kerasBatchShape, "sparse": false]
    }

    public func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor { inputs[0] }
}
