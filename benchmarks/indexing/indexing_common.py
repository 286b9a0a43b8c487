"""What index_denoised.py and sweep_conditions.py share: running kikuchi, reading its outputs,
scoring indexed patterns against the truth, and NAME=PATH model arguments."""
import os
import subprocess

import numpy as np
from orix.quaternion import Orientation
from orix.quaternion.symmetry import Oh
from pyebsdindex import ebsd_index


def run_kikuchi(binary, *command):
    subprocess.run([binary, *command, "--quiet", "--overwrite"], check=True)


def load_patterns(binary, path):
    """Patterns of a kikuchi output as float32 (N, H, W), through kikuchi's own .npy export."""
    npy = path + ".npy"
    run_kikuchi(binary, "convert", path, npy)
    return np.load(npy).astype(np.float32)


def fraction_within(patterns, truth, pc, degrees=2.0):
    """PyEBSDIndex's Hough indexing (FCC, EDAX pattern centre `pc`, 70 degree tilt) of `patterns`
    against the `truth` orientations: the fraction within `degrees`, and the median error."""
    indexer = ebsd_index.EBSDIndexer(phaselist=["FCC"], vendor="EDAX", PC=pc, sampleTilt=70.0, camElev=0.0,
                                     patDim=patterns.shape[1:])
    data = indexer.index_pats(patsin=patterns, verbose=0)[0]
    quaternions = data[-1]["quat"]
    found = Orientation(quaternions, symmetry=Oh)
    angles = np.rad2deg(truth.angle_with(found, degrees=False))
    # A pattern PyEBSDIndex cannot index gets the quaternion (0, 0, 0, 0), which orix finds 0
    # degrees from every orientation: such patterns are failures, not hits.
    angles[np.linalg.norm(quaternions, axis=1) < 0.5] = 180.0
    return float((angles < degrees).mean()), float(np.median(angles))


def named_models(entries, bundled, always=False):
    """(NAME, PATH) of each NAME=PATH entry (NAME defaults to the file's stem); without entries,
    the bundled model, when it exists (or `always`)."""
    defaults = [f"bundled={bundled}"] if always or os.path.exists(bundled) else []
    models = []
    for entry in entries or defaults:
        name, _, path = entry.rpartition("=")
        models.append((name or os.path.splitext(os.path.basename(path))[0], path))
    return models
