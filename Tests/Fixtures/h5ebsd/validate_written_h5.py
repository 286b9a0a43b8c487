#!/usr/bin/env python3
"""Checks that a kikuchi-written h5ebsd file reads the same in kikuchipy and PyEBSDIndex.

Usage: python3 Tests/Fixtures/h5ebsd/validate_written_h5.py FILE.h5 [FILE.h5 ...]

For each file: the raw patterns (h5py, `Scan 1/EBSD/Data/patterns`), kikuchipy's `kp.load`
and PyEBSDIndex's `get_pattern_file_obj(...).read_data` must hold equal pixels in the same
order, with the map shape, step sizes and pattern size of the header; a static background
must reach kikuchipy unchanged. PyEBSDIndex opens files for writing, so it reads a copy.
Exits non-zero on the first mismatch.
"""
import shutil
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np


def validate(path):
    import kikuchipy as kp
    from pyebsdindex import ebsd_pattern

    with h5py.File(path, "r") as f:
        raw = f["Scan 1/EBSD/Data/patterns"][()]
        header = f["Scan 1/EBSD/Header"]
        rows, columns = int(header["n_rows"][0]), int(header["n_columns"][0])
        step_x, step_y = float(header["step_x"][0]), float(header["step_y"][0])
        background = header["static_background"][()]
    count, height, width = raw.shape
    assert count == rows * columns, f"{count} patterns for a {columns} x {rows} map"

    signal = kp.load(path)
    data = np.asarray(signal.data).reshape(count, height, width)
    assert data.dtype == raw.dtype, f"kikuchipy dtype {data.dtype} != {raw.dtype}"
    assert np.array_equal(data, raw), "kikuchipy pixels differ"
    nav = signal.axes_manager.navigation_shape[::-1]
    assert tuple(n for n in (rows, columns) if n != 1) == tuple(nav), f"kikuchipy map {nav}"
    if background.size > 1:
        assert np.array_equal(np.asarray(signal.static_background), background), "static background differs"

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(path).name
        shutil.copyfile(path, copy)
        reader = ebsd_pattern.get_pattern_file_obj(str(copy))
        patterns, _ = reader.read_data(returnArrayOnly=True, patStartCount=[0, -1])
        assert (reader.nCols, reader.nRows) == (columns, rows), f"PyEBSDIndex map {reader.nCols} x {reader.nRows}"
        assert (reader.patternW, reader.patternH) == (width, height)
        assert np.isclose(reader.xStep, step_x) and np.isclose(reader.yStep, step_y)
        assert patterns.dtype == raw.dtype, f"PyEBSDIndex dtype {patterns.dtype} != {raw.dtype}"
        assert np.array_equal(patterns, raw), "PyEBSDIndex pixels differ"
    print(f"{path}: {count} patterns {width} x {height} {raw.dtype}, map {columns} x {rows}: "
          f"kikuchipy {kp.__version__} and PyEBSDIndex read equal pixels")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[1:]:
        validate(name)
