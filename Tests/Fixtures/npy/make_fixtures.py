"""Writes the .npy fixtures with NumPy itself, so kikuchi's reader is checked against the real writer.

Run from this folder: python3 make_fixtures.py
"""
import numpy as np

rng = np.random.default_rng(7)
np.save("u8_2x3x4.npy", rng.integers(0, 256, size=(2, 3, 4), dtype=np.uint8))
np.save("u16_2x3x4x1.npy", rng.integers(0, 65536, size=(2, 3, 4, 1), dtype=np.uint16))
np.save("f32_3x5.npy", rng.random((3, 5), dtype=np.float32))
np.save("big_endian_u16.npy", np.arange(24, dtype=">u2").reshape(2, 3, 4))
np.save("f64.npy", np.zeros((1, 2, 2)))
# The same values as raw little-endian bytes, for the Swift test to compare with.
for name in ["u8_2x3x4", "u16_2x3x4x1", "f32_3x5"]:
    a = np.load(name + ".npy")
    a.astype(a.dtype.newbyteorder("<")).tofile(name + ".raw")
