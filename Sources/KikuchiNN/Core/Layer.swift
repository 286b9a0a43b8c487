import KikuchiCore

/// One layer of a network: built once for the shape of its inputs, then run forward on tensors.
///
/// Layers are classes because a model's graph refers to them by identity and weight loading
/// fills their parameters in place.
public protocol Layer: AnyObject {
    /// The layer's name in the model (unique there), as Keras names it.
    var name: String { get }
    /// Keras' class name (`Conv2D`, `MaxPooling2D`, ...).
    var className: String { get }
    /// The weights in Keras' order (kernel, bias; gamma, beta, moving mean, moving variance);
    /// empty until `build` for layers whose shapes depend on the input.
    var parameters: [LayerParameter] { get }
    /// Checks the per-sample input shapes, creates the parameters (zero; kept when called again
    /// with the same channels) and returns the output shape.
    func build(inputs: [FeatureShape]) throws -> FeatureShape
    /// The output for `inputs` (same batch size each), which have the shapes given to `build`
    /// (height and width may differ where `build` saw them unknown).
    func forward(_ inputs: [Tensor], workspace: Workspace) -> Tensor
    /// The layer's own configuration entries for a Keras file written in `style` (the writer adds
    /// `name`, `trainable` and `dtype`).
    func kerasConfig(style: KerasStyle) -> [String: Any]
}

extension Layer {
    /// The number of weights, as Keras' summary counts them.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.values.count } }

    /// The single input of a one-input layer, or an error naming the layer.
    func singleInput(_ inputs: [FeatureShape]) throws -> FeatureShape {
        guard inputs.count == 1 else {
            throw KikuchiError.badInput("", "layer '\(name)' (\(className)) takes one input, not \(inputs.count)")
        }
        return inputs[0]
    }

    /// A spatial size that must be known, or an error naming the layer.
    func known(_ size: Int?, _ what: String) throws -> Int {
        guard let size else {
            throw KikuchiError.badInput("", "layer '\(name)' (\(className)) needs a known input \(what)")
        }
        return size
    }
}

/// Which Keras writes a configuration: tf.keras 2.x (`batch_input_shape`, nested node lists,
/// weight names ending `:0`) or Keras 3 (`batch_shape`, `keras_history` dictionaries).
public enum KerasStyle: Sendable {
    case tfKeras2
    case keras3
}
