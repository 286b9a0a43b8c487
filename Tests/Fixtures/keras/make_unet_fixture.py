"""Writes the Keras fixtures of kikuchi's built-in U-Net (`--architecture ebsd-unet`; run from
this folder; needs keras 3 with TensorFlow, h5py and numpy):

    python make_unet_fixture.py

Files:
  unet.json     the architecture as Keras writes it (`model.to_json()`), built here layer by
                layer as EBSDUNet.swift describes it.
  unet_io.h5    `input` (1, 236, 236, 1) in [0, 1] and `output`, Keras 3's predict with the
                weights below.

The weights are not stored (1.9 million of them); both sides compute them from a formula, so
the test checks kikuchi's layers and wiring against Keras' without a 7.8 MB file: weight i of a
layer's parameter p is sin(0.731 i + phase) * sqrt(2 / fan), where phase = p + (sum of the
bytes of the layer's name) / 100, fan = the product of every axis of the parameter but the last,
and biases (fan 1) are scaled by 0.05 instead.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import h5py
import numpy as np
import keras
from keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))


def unet(size=236, base=16, levels=4):
    inputs = keras.Input((size, size, 1))
    total = (2 ** levels - size % 2 ** levels) % 2 ** levels
    pad = ((total // 2, total - total // 2), (total // 2, total - total // 2))
    x = layers.ZeroPadding2D(pad)(inputs)
    skips, filters = [], base
    for _ in range(levels):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        skips.append(x)
        x = layers.MaxPooling2D(2)(x)
        filters *= 2
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    for skip in reversed(skips):
        filters //= 2
        x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same", activation="relu")(x)
        x = layers.Concatenate()([x, skip])
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(1, 1, padding="same", activation="sigmoid")(x)
    return keras.Model(inputs, layers.Cropping2D(pad)(x), name="ebsd_unet")


def formula_weights(model):
    for layer in model.layers:
        values = []
        for p, weight in enumerate(layer.get_weights()):
            phase = p + sum(layer.name.encode()) / 100
            i = np.arange(weight.size, dtype=np.float64)
            fan = int(np.prod(weight.shape[:-1])) if weight.ndim > 1 else 1
            scale = np.sqrt(2.0 / fan) if weight.ndim > 1 else 0.05
            values.append((np.sin(0.731 * i + phase) * scale).astype("float32").reshape(weight.shape))
        layer.set_weights(values)


model = unet()
formula_weights(model)
with open(os.path.join(HERE, "unet.json"), "w") as file:
    file.write(model.to_json())
x = np.random.default_rng(236).uniform(0, 1, (1, 236, 236, 1)).astype("float32")
y = model.predict(x, verbose=0)
with h5py.File(os.path.join(HERE, "unet_io.h5"), "w") as file:
    file.create_dataset("input", data=x)
    file.create_dataset("output", data=y)
print("parameters", model.count_params(), "output range", float(y.min()), float(y.max()), "std", float(y.std()))
