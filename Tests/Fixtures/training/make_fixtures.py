"""Writes the Keras training fixtures of the training tests (run from this folder; needs keras 3
with TensorFlow, h5py, numpy):

    python make_fixtures.py

Files (small: 16 patterns of 16x16):
  noisy.npy, clean.npy   uint8 (16, 16, 16): smooth band-like "clean" patterns and noisy copies.
  For each case NAME (conv_pool_transpose, skip_bn):
  NAME_initial.h5        the model before training (Keras 3 legacy full-model .h5), random weights
                         and biases from a fixed seed.
  NAME_trained.h5        the same model after Keras fit(x, y, batch_size=4, epochs=2, shuffle=False)
                         with Adam() at its defaults, x = noisy / 255, y = clean / 255.
  NAME_history.json      Keras' per-epoch `loss` (and `val_loss`) and the fit settings.

conv_pool_transpose: Sequential Conv2D 3x3 relu, MaxPooling2D, Conv2D 3x3 stride 1 relu,
Conv2DTranspose 3x3 stride 2 relu, Conv2D 1 3x3 sigmoid, MSE loss, no validation.
skip_bn: Functional with BatchNormalization (batch statistics in training), AveragePooling2D,
bilinear UpSampling2D and an Add skip, MAE loss, validation_split 0.25 (the last 4 patterns).
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras  # noqa: E402
import numpy as np  # noqa: E402

SIZE = 16
COUNT = 16


def patterns():
    rng = np.random.default_rng(2024)
    rows, columns = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    clean = np.empty((COUNT, SIZE, SIZE))
    for index in range(COUNT):
        angle = rng.uniform(0, np.pi)
        offset = rng.uniform(-4, 4)
        distance = (columns - SIZE / 2) * np.cos(angle) + (rows - SIZE / 2) * np.sin(angle) - offset
        clean[index] = 0.25 + 0.5 * np.exp(-(distance / 2.5) ** 2) + 0.1 * rows / SIZE
    noisy = clean + rng.normal(0, 0.12, clean.shape)
    to_bytes = lambda a: np.clip(np.rint(a * 255), 0, 255).astype(np.uint8)
    return to_bytes(noisy), to_bytes(clean)


def randomize(model, seed):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, variance = weights
            layer.set_weights([rng.uniform(0.8, 1.2, gamma.shape).astype(np.float32),
                               rng.uniform(-0.1, 0.1, beta.shape).astype(np.float32),
                               rng.uniform(-0.1, 0.1, mean.shape).astype(np.float32),
                               rng.uniform(0.9, 1.1, variance.shape).astype(np.float32)])
            continue
        kernel, bias = weights
        limit = np.sqrt(6 / (np.prod(kernel.shape[:2]) * (kernel.shape[2] + kernel.shape[3])))
        layer.set_weights([rng.uniform(-limit, limit, kernel.shape).astype(np.float32),
                           rng.uniform(-0.05, 0.05, bias.shape).astype(np.float32)])


def conv_pool_transpose():
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 1)),
        keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2, padding="same"),
        keras.layers.Conv2D(6, 3, padding="same", activation="relu"),
        keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
    ], name="conv_pool_transpose")


def skip_bn():
    inputs = keras.Input((SIZE, SIZE, 1))
    stem = keras.layers.Conv2D(4, 3, padding="same", activation="tanh")(inputs)
    normalized = keras.layers.BatchNormalization()(stem)
    down = keras.layers.AveragePooling2D(2)(normalized)
    inner = keras.layers.Conv2D(4, 3, padding="same", activation="relu")(down)
    up = keras.layers.UpSampling2D(2, interpolation="bilinear")(inner)
    joined = keras.layers.Add()([up, stem])
    outputs = keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(joined)
    return keras.Model(inputs, outputs, name="skip_bn")


def main():
    noisy, clean = patterns()
    np.save("noisy.npy", noisy)
    np.save("clean.npy", clean)
    x = (noisy.astype(np.float32) / np.float32(255))[..., None]
    y = (clean.astype(np.float32) / np.float32(255))[..., None]
    cases = [("conv_pool_transpose", conv_pool_transpose, "mse", 0.0),
             ("skip_bn", skip_bn, "mae", 0.25)]
    for seed, (name, build, loss, validation) in enumerate(cases):
        keras.utils.set_random_seed(seed)
        model = build()
        randomize(model, seed + 10)
        model.save(f"{name}_initial.h5")
        model.compile(optimizer=keras.optimizers.Adam(), loss=loss)
        history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0,
                            validation_split=validation)
        model.save(f"{name}_trained.h5")
        with open(f"{name}_history.json", "w") as file:
            json.dump({"loss_name": loss, "validation_split": validation, "batch_size": 4, "epochs": 2,
                       "history": {key: [float(v) for v in values] for key, values in history.history.items()}},
                      file, indent=1)


if __name__ == "__main__":
    main()
