"""Indexes OUT/scan.* and OUT/regions.h5 with PyEBSDIndex's Hough indexing, reads kikuchi's .ang
files of the same two, and writes OUT/result.json: per indexer and input the fraction of patterns
within 2 degrees of the truth (OUT/truth.csv), the median error, and PyEBSDIndex's own indexed
fraction (at least 3 bands matched, fit under 1.5 degrees).

    python3 evaluate.py OUT SCAN PC_X,PC_Y,PC_Z(EDAX) ELEVATION
"""
import json
import os
import sys

import kikuchipy as kp
import numpy as np
from orix import io
from orix.quaternion import Rotation
from orix.quaternion.symmetry import O
from pyebsdindex import ebsd_index, rotlib

out, scan, pc, elevation = sys.argv[1], sys.argv[2], tuple(map(float, sys.argv[3].split(","))), float(sys.argv[4])
truth = Rotation.from_euler(np.deg2rad(np.loadtxt(os.path.join(out, "truth.csv"), delimiter=",", skiprows=1))).data


def disorientation(a, b):
    """Degrees between the rows of quaternion arrays a and b under 432: the largest |w| of s a b* over s."""
    w = a[:, 0] * b[:, 0] + np.sum(a[:, 1:] * b[:, 1:], axis=1)
    v = -a[:, :1] * b[:, 1:] + b[:, :1] * a[:, 1:] - np.cross(a[:, 1:], b[:, 1:])
    d = np.column_stack([w, v])
    s = O.data
    largest = np.max(np.abs(d[:, :1] * s[None, :, 0] - d[:, 1:] @ s[:, 1:].T), axis=1)
    return np.rad2deg(2 * np.arccos(np.minimum(largest, 1)))


def figures(found):
    error = disorientation(found.data, truth)
    return dict(within_2=float(np.mean(error < 2)), median_error=float(np.median(error)))


result = {}
for name, path in (("raw", scan), ("regions", os.path.join(out, "regions.h5"))):
    patterns = np.asarray(kp.load(path, lazy=False).data, dtype=np.float32)
    patterns = patterns.reshape(-1, *patterns.shape[-2:])
    indexer = ebsd_index.EBSDIndexer(phaselist=["FCC"], vendor="EDAX", PC=pc, sampleTilt=70, camElev=elevation,
                                     patDim=patterns.shape[1:])
    hough = indexer.index_pats(patterns, verbose=0)[0][-1]
    found = Rotation.from_euler(rotlib.qu2eu(hough["quat"]))
    entry = figures(found)
    entry["own_indexed"] = float(np.mean((hough["nmatch"] >= 3) & (hough["fit"] < 1.5)))
    result[f"pyebsdindex {name}"] = entry
    for suffix in ("", "-refined"):
        ang = os.path.join(out, f"kikuchi-{name}{suffix}.ang")
        if os.path.exists(ang):
            xmap = io.load(ang)
            result[f"kikuchi {name}{suffix}"] = figures(xmap.rotations)
json.dump(result, open(os.path.join(out, "result.json"), "w"), indent=1)
print(f"{'indexer and input':28s} {'within 2 deg':>12s} {'median deg':>10s} {'own indexed':>11s}")
for key, entry in result.items():
    own = f"{entry['own_indexed']:.3f}" if "own_indexed" in entry else ""
    print(f"{key:28s} {entry['within_2']:12.3f} {entry['median_error']:10.2f} {own:>11s}")
