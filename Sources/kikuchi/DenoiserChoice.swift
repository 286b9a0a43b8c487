import KikuchiDenoise
import KikuchiIO
import KikuchiNN

/// The denoisers a command can name, made from the command's options.
struct DenoiserChoice {
    static let names = ["raw", "autoencoder"]

    var model: String?
    var modelOptions: ModelOptions

    /// The denoiser called `name`; nil for `raw` (the patterns as they are).
    func make(_ name: String) throws -> PatternDenoiser? {
        switch name {
        case "raw":
            return nil
        case "autoencoder":
            guard let model else {
                throw KikuchiError.badInput("", "the autoencoder method needs --model until a trained model is bundled")
            }
            return AutoencoderDenoiser(model: try modelOptions.load(model), modelPath: model)
        default:
            throw KikuchiError.badInput("", "unknown method '\(name)'")
        }
    }
}
