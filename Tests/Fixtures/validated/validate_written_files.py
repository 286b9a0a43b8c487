"""Checks that scans written by kikuchi are read by PyEBSDIndex and kikuchipy with equal pixels and
the right map geometry, then leaves the validated files here for the Swift tests to compare bytes with.

Run from this folder after `swift build`:
    pip install numpy h5py kikuchipy pyebsdindex
    python3 validate_written_files.py [path/to/kikuchi]
"""
import os
import subprocess
import sys
import warnings

import numpy as np

KIKUCHI = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "..", "..", ".build", "debug", "kikuchi")
COLUMNS, ROWS, STEP_X, STEP_Y = 3, 2, 1.5, 2.0

rng = np.random.default_rng(3)
reference = rng.integers(0, 4096, size=(COLUMNS * ROWS, 6, 8), dtype=np.uint16)
np.save("reference.npy", reference)


def kikuchi(*arguments):
    subprocess.run([KIKUCHI, *arguments, "--overwrite", "--quiet"], check=True)


def check(name, got, want):
    if got.shape != want.shape or not np.array_equal(got, want):
        sys.exit(f"FAIL {name}: shape {got.shape} vs {want.shape}, equal={np.array_equal(got, want) if got.shape == want.shape else False}")
    print(f"ok   {name}")


def check_geometry(name, columns, rows, step_x, step_y):
    if (columns, rows) != (COLUMNS, ROWS) or not np.isclose(step_x, STEP_X) or not np.isclose(step_y, STEP_Y):
        sys.exit(f"FAIL {name}: map {columns} x {rows}, steps {step_x} x {step_y}")
    print(f"ok   {name} geometry")


geometry = ["--columns", str(COLUMNS), "--rows", str(ROWS), "--step-x", str(STEP_X), "--step-y", str(STEP_Y)]
written = {"up2": "kikuchi_3x2.up2"}
kikuchi("convert", "reference.npy", written["up2"], *geometry)
if "--skip-h5" not in sys.argv:
    written["h5"] = "kikuchi_3x2.h5"
    kikuchi("convert", "reference.npy", written["h5"], *geometry)

from pyebsdindex import ebsd_pattern  # noqa: E402

for kind, path in written.items():
    f = ebsd_pattern.get_pattern_file_obj(path)
    f.read_header()
    patterns, _ = f.read_data(returnArrayOnly=True)
    check(f"PyEBSDIndex reads {path}", np.asarray(patterns).reshape(reference.shape), reference)
    check_geometry(f"PyEBSDIndex {path}", int(f.nCols), int(f.nRows), float(f.xStep), float(f.yStep))

import kikuchipy as kp  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for kind, path in written.items():
        signal = kp.load(path)
        check(f"kikuchipy reads {path}", signal.data.reshape(reference.shape), reference)
        nav = signal.axes_manager.navigation_axes
        check_geometry(f"kikuchipy {path}", nav[0].size, nav[1].size, nav[0].scale, nav[1].scale)
print("all written files validated")
# HDF5 files carry timestamps, so the h5 written here is not kept; Tests/Fixtures/h5ebsd holds a
# validated one that the Swift tests compare object by object.
if "h5" in written:
    os.remove(written["h5"])
