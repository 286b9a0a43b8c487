#!/usr/bin/env python3
"""Writes the small HDF5 fixtures of the KikuchiHDF5 and h5ebsd tests, then checks them.

Run from anywhere: python3 Tests/Fixtures/h5ebsd/make_fixtures.py

- strings.h5: the string and attribute forms h5py writes (fixed- and variable-length strings,
  scalars and arrays, an empty list stored as an empty float array as Keras does, numbers).
- bruker_roi.h5: the Bruker Nano h5ebsd layout as kikuchipy's bruker_h5ebsd reader expects it,
  with a rectangular region of interest (EBSD/SEM/IX, IY) whose patterns are stored in a
  shuffled acquisition order.
- oxford.h5oina: the Oxford Instruments H5OINA layout as kikuchipy's oxford_h5ebsd reader
  expects it.

Pattern pixels follow formulas that the Swift tests recompute (see pattern_value below); each
file is loaded back with kikuchipy to prove it is what kikuchipy reads.
"""
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent


def bruker_value(index, y, x):
    """Bruker fixture pixel (uint16) of map pattern `index` at row y, column x."""
    return 1000 + 100 * index + 10 * y + x


def oxford_value(index, y, x):
    """Oxford fixture pixel (uint8) of map pattern `index` at row y, column x."""
    return (24 * index + 4 * y + x) % 256


def patterns(value, count, height, width, dtype):
    out = np.zeros((count, height, width), dtype=dtype)
    for i in range(count):
        for y in range(height):
            for x in range(width):
                out[i, y, x] = value(i, y, x)
    return out


def write_strings(path):
    with h5py.File(path, "w") as f:
        f.attrs["model_config"] = '{"class_name": "Sequential", "config": {"name": "net"}}'
        f.attrs["keras_version"] = np.bytes_("2.13.1")
        f.attrs["layer_names"] = np.array([b"conv2d", b"dense_1", b"up"], dtype="S7")
        f.attrs.create("vlen_names", ["kernel:0", "bias:0"], dtype=h5py.string_dtype())
        f.attrs["weight_names"] = np.array([], dtype=np.float64)
        f.attrs["epochs"] = np.int64(12)
        f.attrs["scale"] = np.array([0.5, 1.5, -2.0], dtype=np.float32)
        f.create_dataset("fixed_strings", data=np.array([b"a", b"bcd", b""], dtype="S4"))
        f.create_dataset("vlen_strings", data=["first", "second", "third line"], dtype=h5py.string_dtype())
        f.create_dataset("scalar_vlen", data="only one", dtype=h5py.string_dtype())
        f.create_dataset("scalar_fixed", data=np.bytes_("fixed"))
        f.create_dataset("int16_matrix", data=np.arange(-6, 6, dtype=np.int16).reshape(3, 4))
        group = f.create_group("model_weights/conv2d")
        group.attrs["weight_names"] = np.array([b"conv2d/kernel:0", b"conv2d/bias:0"])


def write_bruker(path):
    # Full map 5 x 6; the region of interest is 3 rows x 4 columns from row 1, column 2.
    rows, columns, height, width = 3, 4, 5, 7
    ordered = patterns(bruker_value, rows * columns, height, width, np.uint16)
    iy, ix = np.divmod(np.arange(rows * columns), columns)
    iy, ix = iy + 1, ix + 2
    shuffle = np.random.RandomState(7).permutation(rows * columns)
    with h5py.File(path, "w") as f:
        f.create_dataset("Manufacturer", data=b"Bruker Nano")
        f.create_dataset("Version", data=b"Esprit 2.X")
        scan = f.create_group("Scan 0")
        header = scan.create_group("EBSD/Header")
        for key, value in {"NCOLS": 6, "NROWS": 5, "PatternWidth": width, "PatternHeight": height}.items():
            header.create_dataset(key, data=np.int32(value))
        header.create_dataset("XSTEP", data=np.float64(0.5))
        header.create_dataset("YSTEP", data=np.float64(0.25))
        header.create_dataset("Grid Type", data=b"isometric")
        header.create_dataset("CameraTilt", data=np.float64(3.0))
        header.create_dataset("SampleTilt", data=np.float64(70.0))
        header.create_dataset("StaticBackground", data=np.full((height, width), 900, dtype=np.uint16))
        data = scan.create_group("EBSD/Data")
        data.create_dataset("RawPatterns", data=ordered[shuffle])
        data.create_dataset("PCX", data=np.full(rows * columns, 0.45, dtype=np.float32))
        data.create_dataset("PCY", data=np.full(rows * columns, 0.2, dtype=np.float32))
        data.create_dataset("DD", data=np.full(rows * columns, 0.6, dtype=np.float32))
        sem = scan.create_group("EBSD/SEM")
        sem.create_dataset("IX", data=ix[shuffle].astype(np.int32))
        sem.create_dataset("IY", data=iy[shuffle].astype(np.int32))
    return ordered.reshape(rows, columns, height, width)


def write_oxford(path):
    rows, columns, height, width = 2, 3, 6, 4
    stored = patterns(oxford_value, rows * columns, height, width, np.uint8)
    with h5py.File(path, "w") as f:
        f.create_dataset("Manufacturer", data=np.array([b"Oxford Instruments"]))
        f.create_dataset("Format Version", data=np.array([b"5.0"]))
        scan = f.create_group("1")
        header = scan.create_group("EBSD/Header")
        header.create_dataset("X Cells", data=np.array([columns], dtype=np.int32))
        header.create_dataset("Y Cells", data=np.array([rows], dtype=np.int32))
        header.create_dataset("X Step", data=np.array([1.5], dtype=np.float32))
        header.create_dataset("Y Step", data=np.array([2.0], dtype=np.float32))
        header.create_dataset("Pattern Width", data=np.array([width], dtype=np.int32))
        header.create_dataset("Pattern Height", data=np.array([height], dtype=np.int32))
        header.create_dataset("Tilt Angle", data=np.array([np.deg2rad(70)], dtype=np.float32))
        header.create_dataset("Processed Static Background", data=np.full((height, width), 17, dtype=np.uint8))
        data = scan.create_group("EBSD/Data")
        data.create_dataset("Processed Patterns", data=stored)
        data.create_dataset("Pattern Center X", data=np.full(rows * columns, 0.5, dtype=np.float32))
        data.create_dataset("Pattern Center Y", data=np.full(rows * columns, 0.4, dtype=np.float32))
        data.create_dataset("Detector Distance", data=np.full(rows * columns, 0.7, dtype=np.float32))
        data.create_dataset("Beam Position X", data=np.tile(np.arange(columns) * 1.5, rows).astype(np.float32))
        data.create_dataset("Beam Position Y", data=np.repeat(np.arange(rows) * 2.0, columns).astype(np.float32))
    return stored.reshape(rows, columns, height, width)


def main():
    import kikuchipy as kp

    write_strings(HERE / "strings.h5")
    expected_bruker = write_bruker(HERE / "bruker_roi.h5")
    expected_oxford = write_oxford(HERE / "oxford.h5oina")

    bruker = kp.load(HERE / "bruker_roi.h5")
    assert np.array_equal(bruker.data, expected_bruker), "kikuchipy reads other Bruker pixels"
    assert bruker.static_background.shape == (5, 7)
    oxford = kp.load(HERE / "oxford.h5oina")
    assert np.array_equal(oxford.data, expected_oxford), "kikuchipy reads other Oxford pixels"
    assert oxford.static_background.shape == (6, 4)
    print("bruker_roi.h5:", bruker, "; oxford.h5oina:", oxford, "; kikuchipy reads both as written")


if __name__ == "__main__":
    main()
