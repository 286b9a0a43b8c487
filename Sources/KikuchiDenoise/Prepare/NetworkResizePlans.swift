import KikuchiCore
import KikuchiIO
import KikuchiImage
import KikuchiNN

/// The resize plans around a network for width x height patterns: to the model's declared input
/// size (OpenCV `INTER_LINEAR`) and from its output back, each nil where the sizes already agree.
/// A fully convolutional model (no declared size) runs at the pattern's own size.
struct NetworkResizePlans {
    let toNetwork: ResizePlan?
    let back: ResizePlan?
    /// The size the network runs at.
    let networkWidth: Int, networkHeight: Int

    /// The size `model` runs width x height patterns at.
    static func networkSize(of model: Model, width: Int, height: Int) -> (width: Int, height: Int) {
        (model.inputShape.width ?? width, model.inputShape.height ?? height)
    }

    /// Refuses a model that cannot turn width x height x `channels` inputs into one denoised
    /// channel, naming `modelPath`: the check `denoise` makes before any output exists.
    static func checkOneChannelOutput(of model: Model, modelPath: String, width: Int, height: Int, channels: Int) throws {
        let size = networkSize(of: model, width: width, height: height)
        let output: FeatureShape
        do {
            output = try model.outputShape(for: FeatureShape(height: size.height, width: size.width, channels: channels))
        } catch let error as KikuchiError {
            throw KikuchiError.badInput(modelPath, error.problem)
        }
        guard output.channels == 1 else {
            throw KikuchiError.badInput(modelPath, "the model gives \(output.channels) output channels; a denoised pattern has 1")
        }
    }

    init(model: Model, width: Int, height: Int, channels: Int) throws {
        let size = Self.networkSize(of: model, width: width, height: height)
        let output = try model.outputShape(for: FeatureShape(height: size.height, width: size.width, channels: channels))
        let outputWidth = output.width ?? size.width, outputHeight = output.height ?? size.height
        (networkWidth, networkHeight) = size
        toNetwork =
            (size.width, size.height) == (width, height)
            ? nil
            : try ResizePlan(sourceWidth: width, sourceHeight: height, targetWidth: size.width, targetHeight: size.height, interpolation: .linear)
        back =
            (outputWidth, outputHeight) == (width, height)
            ? nil
            : try ResizePlan(sourceWidth: outputWidth, sourceHeight: outputHeight, targetWidth: width, targetHeight: height, interpolation: .linear)
    }
}
