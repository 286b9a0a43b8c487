/// The published EBSD denoising autoencoder (the architecture bundled with kikuchi):
/// input 236x236x1 -> Conv2D 64 1x1 relu -> Conv2D 128 3x3 relu -> MaxPool 2 -> Conv2D 128 5x5 relu
/// -> MaxPool 2 -> Conv2DTranspose 128 3x3 stride 2 relu -> Conv2DTranspose 64 1x1 stride 2 relu
/// -> Conv2D 1 3x3 sigmoid, all `same`: 640,129 parameters, about 20.9 GFLOP per pattern.
public enum EBSDAutoencoder {
    /// The name `--architecture` gives it.
    public static let architectureName = "ebsd-autoencoder"
    /// Its input side, in pixels.
    public static let inputSize = 236

    /// A new model with zero weights and Keras' default layer names.
    public static func make(inputSize: Int = inputSize) throws -> Model {
        try Model(
            sequentialNamed: "sequential", inputShape: FeatureShape(height: inputSize, width: inputSize, channels: 1),
            layers: [
                Conv2D(name: "conv2d", filters: 64, kernelSize: (1, 1), padding: .same, activation: .relu),
                Conv2D(name: "conv2d_1", filters: 128, kernelSize: (3, 3), padding: .same, activation: .relu),
                MaxPooling2D(name: "max_pooling2d", window: PoolingWindow(size: (2, 2), padding: .same)),
                Conv2D(name: "conv2d_2", filters: 128, kernelSize: (5, 5), padding: .same, activation: .relu),
                MaxPooling2D(name: "max_pooling2d_1", window: PoolingWindow(size: (2, 2), padding: .same)),
                Conv2DTranspose(name: "conv2d_transpose", filters: 128, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .relu),
                Conv2DTranspose(name: "conv2d_transpose_1", filters: 64, kernelSize: (1, 1), strides: (2, 2), padding: .same, activation: .relu),
                Conv2D(name: "conv2d_3", filters: 1, kernelSize: (3, 3), padding: .same, activation: .sigmoid)
            ])
    }
}
