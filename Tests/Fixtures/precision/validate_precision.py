"""Does writing an integer scan lose what the denoiser gained? PyEBSDIndex's verdict.

For each `kikuchi denoise --method` (chained ones included), on a scan of raw counts at 5 counts
per pixel stored as a 16-bit UP2 and as an 8-bit UP1 (gain 1: values 0 to about 15), the method's
default integer output (one affine map of the whole scan onto the type's range) is indexed with
PyEBSDIndex beside the float32 output of the same run (`--output-type float32`), and the two
fractions within 2 degrees of the truth must agree within 0.01. Writes precision_indexing.json
beside this script.

Held-apart scan: the EMsoft Ni master pattern of ../shared/data projected by `kikuchi simulate`
at 120 x 120 on a 20 x 16 map of 40 grains, EDAX pattern centre (0.5, 0.5, 0.5), band contrast
0.25 (raw patterns mostly fail to index, so the denoisers' gains are what is at stake), seed 31337
(neither the benchmarks' nor the training's seeds).

    python3 Tests/Fixtures/precision/validate_precision.py [--kikuchi .build/release/kikuchi]
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np
from orix.quaternion import Orientation, Rotation
from orix.quaternion.symmetry import Oh

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "../../../benchmarks/indexing"))
from indexing_common import fraction_within, load_patterns, run_kikuchi  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--kikuchi", default=".build/release/kikuchi")
parser.add_argument("--master", default=os.path.join(os.environ.get("KIKUCHI_SAMPLE_DATA", "../shared/data"),
                    "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5"))
parser.add_argument("--seed", type=int, default=31337)
args = parser.parse_args()

PC = (0.5, 0.5, 0.5)
METHODS = {
    "autoencoder": [],
    "pca": ["--components", "10"],
    "nlpar": ["--lambda", "auto"],
    "npa": [],
    "regions": [],
    "nlpar-autoencoder": ["--lambda", "auto"],
    "nlpar-network": ["--lambda", "auto"],
    "regions-network": [],
    "static": [],
    "dynamic": [],
}
folder = tempfile.mkdtemp()
results = []
for depth, extension in [(16, "up2"), (8, "up1")]:
    scan = os.path.join(folder, f"counts.{extension}")
    truth_csv = os.path.join(folder, f"counts_{extension}.csv")
    run_kikuchi(args.kikuchi, "simulate", "--master", args.master, "--map", "20x16", "--grains", "40", "--size", "120x120",
                "--pc", ",".join(map(str, PC)), "--dose", "5", "--contrast", "0.25", "--gain", "1", "--depth", str(depth),
                "--seed", str(args.seed), "-o", scan, "--orientations-out", truth_csv)
    euler = np.loadtxt(truth_csv, delimiter=",", skiprows=1)
    truth = Orientation(Rotation.from_euler(np.deg2rad(euler)).data, symmetry=Oh)
    raw = load_patterns(args.kikuchi, scan)
    fraction_raw, _ = fraction_within(raw, truth, PC)
    print(f"{extension} raw: {fraction_raw:.3f} ({len(np.unique(raw))} distinct values in the scan)", flush=True)
    for method, options in METHODS.items():
        stored_path = os.path.join(folder, f"{method}.{extension}")
        float_path = os.path.join(folder, f"{method}_{extension}_float.npy")
        run_kikuchi(args.kikuchi, "denoise", scan, "-o", stored_path, "--method", method, *options)
        run_kikuchi(args.kikuchi, "denoise", scan, "-o", float_path, "--method", method, *options, "--output-type", "float32")
        stored, computed = load_patterns(args.kikuchi, stored_path), np.load(float_path).astype(np.float32)
        fraction_stored, _ = fraction_within(stored, truth, PC)
        fraction_float, _ = fraction_within(computed, truth, PC)
        levels = int(np.median([len(np.unique(p)) for p in stored]))
        results.append(dict(scan=extension, method=method, stored=fraction_stored, float32=fraction_float,
                            difference=fraction_stored - fraction_float, median_levels_per_pattern=levels))
        print(f"{extension} {method:18s} stored {fraction_stored:.3f}  float32 {fraction_float:.3f}  "
              f"levels/pattern {levels}", flush=True)

with open(os.path.join(here, "precision_indexing.json"), "w") as handle:
    json.dump(dict(seed=args.seed, results=results), handle, indent=1)
worst = max(abs(r["difference"]) for r in results)
print(f"largest difference between stored and float32: {worst:.3f}")
sys.exit(0 if worst <= 0.01 else 1)
