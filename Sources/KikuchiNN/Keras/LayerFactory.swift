import KikuchiCore

/// Makes a layer from its Keras class name and configuration; an unknown class is an error that
/// names it.
public enum LayerFactory {
    /// The Keras classes kikuchi runs.
    public static let supportedClasses = [
        "InputLayer", "Conv2D", "Conv2DTranspose", "MaxPooling2D", "AveragePooling2D", "UpSampling2D",
        "BatchNormalization", "Dropout", "Activation", "ReLU", "LeakyReLU", "Add", "Concatenate",
        "Cropping2D", "ZeroPadding2D"
    ]

    public static func make(_ config: KerasLayerConfig) throws -> Layer {
        switch config.className {
        case "Conv2D", "Convolution2D": return try Conv2D(config: config)
        case "Conv2DTranspose", "Convolution2DTranspose": return try Conv2DTranspose(config: config)
        case "MaxPooling2D", "MaxPool2D": return try MaxPooling2D(config: config)
        case "AveragePooling2D", "AvgPool2D": return try AveragePooling2D(config: config)
        case "UpSampling2D": return try UpSampling2D(config: config)
        case "BatchNormalization": return try BatchNormalization(config: config)
        case "Dropout": return try Dropout(config: config)
        case "Activation": return try ActivationLayer(config: config)
        case "ReLU": return try ReLU(config: config)
        case "LeakyReLU": return try LeakyReLU(config: config)
        case "Add": return try Add(config: config)
        case "Concatenate": return try Concatenate(config: config)
        case "Cropping2D": return try Cropping2D(config: config)
        case "ZeroPadding2D": return try ZeroPadding2D(config: config)
        case "InputLayer":
            let shape = config.values["batch_shape"] ?? config.values["batch_input_shape"]
            guard let batchShape = shape as? [Any] else { throw config.problem("no batch_shape or batch_input_shape") }
            return try InputLayer(name: config.name, batchShape: batchShape)
        case "Sequential", "Functional", "Model":
            throw config.problem("nested models are not supported")
        default:
            throw KikuchiError.badInput(
                "", "unknown layer class '\(config.className)' (layer '\(config.name)'); supported: \(supportedClasses.joined(separator: ", "))")
        }
    }
}
