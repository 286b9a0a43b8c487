"""Region averaging against NLPAR away from the main benchmark's conditions.

Each argument SIZE:DOSE:GRAINS:MAP simulates one EMsoft Ni scan with `kikuchi simulate` (SIZE x SIZE
patterns, DOSE counts per pixel, a MAP grain map of GRAINS grains, pattern centre (0.5, 0.5, 0.5),
band contrast 0.25, 64 stored units per count, seed 777), denoises it with `--method nlpar
--lambda auto` and `--method regions`, indexes raw and both outputs with PyEBSDIndex as
index_denoised.py does, and prints the fractions within 2 degrees of the truth.

    python3 benchmarks/indexing/sweep_conditions.py 60:5:8:20x16 200:5:40:20x16 120:2:8:20x16 ...

$KIKUCHI names another kikuchi binary than .build/release/kikuchi (a build elsewhere, say).
"""
import os
import sys
import tempfile

import numpy as np
from orix.quaternion import Orientation, Rotation
from orix.quaternion.symmetry import Oh

from indexing_common import fraction_within, load_patterns, run_kikuchi

KIKUCHI = os.environ.get("KIKUCHI", ".build/release/kikuchi")
MASTER = os.path.join(os.environ.get("KIKUCHI_SAMPLE_DATA", "../shared/data"),
                      "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
PC = (0.5, 0.5, 0.5)


def kikuchi(*arguments):
    run_kikuchi(KIKUCHI, *arguments)


def fraction(path, truth):
    return fraction_within(load_patterns(KIKUCHI, path), truth, PC)[0]


folder = tempfile.mkdtemp()
print("| size | dose | grains | map | raw | NLPAR (auto) | regions |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for spec in sys.argv[1:]:
    size, dose, grains, layout = spec.split(":")
    scan = os.path.join(folder, spec.replace(":", "_") + ".up2")
    kikuchi("simulate", "--master", MASTER, "--map", layout, "--grains", grains, "--size", f"{size}x{size}",
            "--pc", ",".join(map(str, PC)), "--dose", dose, "--contrast", "0.25", "--gain", "64", "--seed", "777",
            "-o", scan, "--orientations-out", scan + ".csv")
    euler = np.loadtxt(scan + ".csv", delimiter=",", skiprows=1)
    truth = Orientation(Rotation.from_euler(np.deg2rad(euler)).data, symmetry=Oh)
    cells = [fraction(scan, truth)]
    for method, options in (("nlpar", ["--lambda", "auto"]), ("regions", [])):
        out = scan.replace(".up2", f"_{method}.up2")
        kikuchi("denoise", scan, "-o", out, "--method", method, *options)
        cells.append(fraction(out, truth))
    print(f"| {size} | {dose} | {grains} | {layout} | " + " | ".join(f"{c:.3f}" for c in cells) + " |", flush=True)
