"""Writes the fixtures of the denoise tests (run from this folder):

    pip install tensorflow-cpu keras opencv-python-headless numpy
    python make_fixtures.py

Files:
  small_ae.h5       a small autoencoder (32x32x1 input: Conv2D, MaxPooling2D, Conv2DTranspose,
                    sigmoid output) with seeded random weights, Keras 3 legacy .h5.
  rgb_input.h5      a model taking 3 channels, for the error test.
  patterns/         8 noisy 8-bit band patterns of 45 x 38 pixels as PNG, named as kikuchi unpack names them.
  published.npy     (8, 38, 45) uint8: the published script's steps reproduced with OpenCV and Keras
                    on those images: cv2.resize to the model's input (INTER_LINEAR, on the uint8
                    image), / 255, model.predict, cv2.resize back, x 255, rounded to uint8.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import cv2
import numpy as np
import keras
from keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))
WIDTH, HEIGHT, COUNT, SIDE = 45, 38, 8, 32


def small_autoencoder():
    keras.utils.set_random_seed(7)
    inputs = keras.Input((SIDE, SIDE, 1))
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu")(x)
    outputs = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    # Give the output a useful spread: random weights alone saturate the sigmoid near 0.5.
    kernel, bias = model.layers[-1].get_weights()
    model.layers[-1].set_weights([kernel * 40, bias])
    return model


def band_patterns():
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    images = []
    for index in range(COUNT):
        angle = rng.uniform(0, np.pi)
        offset = rng.uniform(-10, 10)
        distance = (x - WIDTH / 2) * np.cos(angle) + (y - HEIGHT / 2) * np.sin(angle) - offset
        clean = 60 + 120 * np.exp(-(distance / 4) ** 2) + 40 * np.exp(-((x - 20) ** 2 + (y - 15) ** 2) / 400)
        noisy = rng.poisson(clean).clip(0, 255).astype(np.uint8)
        images.append(noisy)
    return images


def main():
    model = small_autoencoder()
    model.save(os.path.join(HERE, "small_ae.h5"))
    rgb = keras.Sequential([keras.Input((SIDE, SIDE, 3)), layers.Conv2D(1, 3, padding="same", activation="sigmoid")])
    rgb.save(os.path.join(HERE, "rgb_input.h5"))

    folder = os.path.join(HERE, "patterns")
    os.makedirs(folder, exist_ok=True)
    outputs = []
    for index, image in enumerate(band_patterns()):
        cv2.imwrite(os.path.join(folder, f"{index:06d}.png"), image)
        resized = cv2.resize(image, (SIDE, SIDE))
        predicted = model.predict(resized[None, :, :, None].astype(np.float32) / 255, verbose=0)[0, :, :, 0]
        back = cv2.resize(predicted, (WIDTH, HEIGHT))
        outputs.append(np.clip(np.rint(back * 255), 0, 255).astype(np.uint8))
    np.save(os.path.join(HERE, "published.npy"), np.stack(outputs))


if __name__ == "__main__":
    main()
