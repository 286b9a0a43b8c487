"""Writes the fixture of kikuchi's neighbour-network input (`NeighbourStack`, `--method
nlpar-network`); run from this folder with keras 3, h5py and numpy:

    python make_neighbour_fixture.py

neighbour_io.h5:
  raw       (12, 16, 16) float32   a 4 x 3 map (4 columns, 3 rows) of Poisson patterns
  averaged  (12, 16, 16) float32   a stand-in for NLPAR's output of each
  input     (12, 16, 16, 10)       the network input, built as training/neighbour-network does
  output    (12, 16, 16, 1)        Keras 3's predict of neighbour_model.h5 on `input`
neighbour_model.h5: a small random fully convolutional model, 10 channels in, 1 out (legacy .h5).
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import h5py
import numpy as np
import keras
from keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(10)
ROWS, COLUMNS, SIDE = 3, 4, 16


def standardised(a):
    mean = a.mean(axis=(-2, -1), keepdims=True, dtype=np.float64)
    deviation = a.std(axis=(-2, -1), keepdims=True, dtype=np.float64)
    return ((a - mean) / (deviation + 1e-6)).astype(np.float32)


def network_input(raw, averaged):
    """Channel 3 (dr + 1) + (dc + 1): the raw pattern at map offset (dr, dc), the pattern itself
    where that is outside the map; channel 9: the averaged pattern. Each standardised."""
    planes = standardised(raw).reshape(ROWS, COLUMNS, SIDE, SIDE)
    channels = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            plane = np.empty_like(planes)
            for r in range(ROWS):
                for c in range(COLUMNS):
                    inside = 0 <= r + dr < ROWS and 0 <= c + dc < COLUMNS
                    plane[r, c] = planes[r + dr, c + dc] if inside else planes[r, c]
            channels.append(plane.reshape(-1, SIDE, SIDE))
    channels.append(standardised(averaged))
    return np.stack(channels, -1)


raw = rng.poisson(5 + 3 * rng.uniform(size=(ROWS * COLUMNS, 1, 1)), (ROWS * COLUMNS, SIDE, SIDE)).astype(np.float32)
averaged = (raw + rng.uniform(0, 2, raw.shape)).astype(np.float32)
x = network_input(raw, averaged)
inputs = keras.Input((None, None, 10))
hidden = layers.Conv2D(4, 3, padding="same", activation="relu")(inputs)
model = keras.Model(inputs, layers.Conv2D(1, 1)(hidden))
for layer in model.layers:
    layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()])
model.save(os.path.join(HERE, "neighbour_model.h5"))
with h5py.File(os.path.join(HERE, "neighbour_io.h5"), "w") as file:
    for name, data in (("raw", raw), ("averaged", averaged), ("input", x), ("output", model.predict(x, verbose=0))):
        file.create_dataset(name, data=data)
