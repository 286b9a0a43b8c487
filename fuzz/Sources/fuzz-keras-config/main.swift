import FuzzSupport
import KikuchiNN

// A Keras model config (the JSON of model.json, config.json or an .h5's model_config attribute).
FuzzDriver.run { bytes in
    _ = try KerasModelConfig.model(json: String(decoding: bytes, as: UTF8.self))
}
