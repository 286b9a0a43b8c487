"""How many patterns each denoiser lets PyEBSDIndex index correctly.

Held-out scans (seeds the bundled model's training never used): the EMsoft Ni master pattern
projected by `kikuchi simulate` at 120 x 120, EDAX pattern centre (0.5, 0.5, 0.5), 70 degree
tilt, on a 20 x 16 Voronoi grain map, recorded at a dose of 5 counts per pixel with band contrast
0.25 (the smooth background is three quarters of the signal), 16-bit UP2 at --gain stored units per
count (1: raw counts, as fast cameras store them; 64: fractions of a count kept in the input).
Every method writes its default 16-bit UP2 (one scan-wide map onto 0..65535). Every method's output
is indexed with PyEBSDIndex's Hough indexer (FCC, the true pattern centre) and compared with the
true orientations (orix, cubic symmetry); the figure is the fraction within 2 degrees, a pattern
PyEBSDIndex cannot index counting as a miss.

Methods: raw; the clean truth (the ceiling); each pattern replaced by the mean of its grain's raw
patterns (the ceiling of averaging, which needs the truth's grains); kikuchi's autoencoder (the
bundled model, or --model) on the raw patterns and on NLPAR's output; the neighbour
network of `denoise --method nlpar-network` (the bundled one, or --neighbour-model); kikuchi's region
averaging (`--method regions`) alone and before its neighbour network (`regions-network`, the bundled
one or --regions-model); kikuchi PCA at several K
(the best is reported); kikuchi NLPAR with the automatic lambda and at fixed lambdas (--lambdas);
kikuchi NPA with the 3 x 3 circular window and larger ones (--windows); PyEBSDIndex's own NLPAR
with its automatic lambda.

Run from the repository root after `swift build -c release`:
    python3 benchmarks/indexing/index_denoised.py [--grains 8 40] [--json OUT.json]
"""
import argparse
import json
import os
import tempfile
import time

import numpy as np
from orix.quaternion import Orientation, Rotation
from orix.quaternion.symmetry import Oh
from pyebsdindex.nlpar_cpu import NLPAR

from indexing_common import fraction_within, load_patterns, named_models, run_kikuchi

parser = argparse.ArgumentParser()
parser.add_argument("--kikuchi", default=".build/release/kikuchi")
parser.add_argument("--master", default=os.path.join(os.environ.get("KIKUCHI_SAMPLE_DATA", "../shared/data"),
                    "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5"))
parser.add_argument("--model", action="append", default=[],
                    help="autoencoder model(s) to test (default: the bundled one); NAME=PATH names it")
parser.add_argument("--neighbour-model", action="append", default=[],
                    help="neighbour network(s) for --method nlpar-network; NAME=PATH names it")
parser.add_argument("--regions-model", action="append", default=[],
                    help="neighbour network(s) for --method regions-network; NAME=PATH names it")
parser.add_argument("--grains", type=int, nargs="+", default=[8, 40])
parser.add_argument("--pca", type=int, nargs="+", default=[5, 10, 20, 40])
parser.add_argument("--dose", type=float, default=5)
parser.add_argument("--contrast", type=float, default=0.25)
parser.add_argument("--gain", type=float, default=1,
                    help="stored units per count of the simulated 16-bit input")
parser.add_argument("--map", default="20x16")
parser.add_argument("--seed", type=int, default=9001, help="first scan seed (training used 2026)")
parser.add_argument("--lambdas", type=float, nargs="*", default=[5.0], help="also kikuchi NLPAR at these fixed lambdas")
parser.add_argument("--windows", nargs="*", default=["5x5", "7x7"], help="also kikuchi NPA with these windows")
parser.add_argument("--json", help="write every figure here")
parser.add_argument("--keep", help="keep the scans and outputs in this folder")
args = parser.parse_args()

PC = (0.5, 0.5, 0.5)
columns, rows = map(int, args.map.split("x"))


def run(*command):
    run_kikuchi(args.kikuchi, *command)


def load(path):
    return load_patterns(args.kikuchi, path)


models = named_models(args.model, "models/ebsd-autoencoder.h5", always=True)
neighbour_models = named_models(args.neighbour_model, "models/nlpar-network.h5")
regions_models = named_models(args.regions_model, "models/regions-network.h5")

results = []
folder = args.keep or tempfile.mkdtemp()
os.makedirs(folder, exist_ok=True)
for number, grains in enumerate(args.grains):
    seed = args.seed + number
    scan = os.path.join(folder, f"ni_{grains}grains.up2")
    truth_csv = os.path.join(folder, f"ni_{grains}grains.csv")
    run("simulate", "--master", args.master, "--map", args.map, "--grains", str(grains), "--size", "120x120",
        "--pc", ",".join(map(str, PC)), "--dose", str(args.dose), "--contrast", str(args.contrast), "--gain", str(args.gain),
        "--seed", str(seed), "-o", scan, "--clean", scan.replace(".up2", "_clean.up2"), "--orientations-out", truth_csv)
    euler = np.loadtxt(truth_csv, delimiter=",", skiprows=1)
    truth = Orientation(Rotation.from_euler(np.deg2rad(euler)).data, symmetry=Oh)

    def measure(method, path, seconds, **extra):
        fraction, median = fraction_within(load(path), truth, PC)
        results.append(dict(grains=grains, method=method, fraction_within_2deg=fraction, median_error_deg=median,
                            seconds=seconds, **extra))
        print(f"{grains:3d} grains  {method:28s} {fraction:6.3f}  (median error {median:6.2f} deg, {seconds:6.1f} s)",
              flush=True)

    def denoised(method, *options):
        out = os.path.join(folder, f"ni_{grains}grains_{method}.up2")
        start = time.time()
        run("denoise", scan, "-o", out, *options)
        return out, time.time() - start

    measure("raw", scan, 0.0)
    measure("clean truth", scan.replace(".up2", "_clean.up2"), 0.0)
    # The ceiling of any averaging: each pattern replaced by the mean of its whole grain (the
    # truth's orientations say which patterns share one), which no denoiser can know.
    raw = load(scan)
    grain_of = np.unique(np.round(euler, 4), axis=0, return_inverse=True)[1].ravel()
    oracle = np.empty_like(raw)
    for grain in np.unique(grain_of):
        oracle[grain_of == grain] = raw[grain_of == grain].mean(axis=0)
    fraction, median = fraction_within(oracle, truth, PC)
    results.append(dict(grains=grains, method="grain mean (oracle)", fraction_within_2deg=fraction,
                        median_error_deg=median, seconds=0.0))
    print(f"{grains:3d} grains  {'grain mean (oracle)':28s} {fraction:6.3f}  (median error {median:6.2f} deg)", flush=True)
    for name, path in models:
        measure(f"autoencoder ({name})", *denoised(f"ae_{name}", "--method", "autoencoder", "--model", path))
    for k in args.pca:
        measure(f"pca K={k}", *denoised(f"pca{k}", "--method", "pca", "--components", str(k)), components=k)
    measure("nlpar (kikuchi, auto lambda)", *denoised("nlpar", "--method", "nlpar", "--lambda", "auto"))
    for name, path in models:
        # NLPAR brings in the map neighbours' counts, then the single-pattern network cleans up.
        measure(f"nlpar, then autoencoder ({name})",
                *denoised(f"nlpar_ae_{name}", "--method", "nlpar-autoencoder", "--lambda", "auto", "--model", path))
    for name, path in neighbour_models:
        # NLPAR, then a network that sees the 3 x 3 neighbourhood beside NLPAR's output.
        measure(f"nlpar-network ({name})",
                *denoised(f"nlpar_net_{name}", "--method", "nlpar-network", "--lambda", "auto", "--model", path))
    measure("regions (kikuchi)", *denoised("regions", "--method", "regions"))
    for name, path in regions_models:
        # Region averaging, then a network that sees the 3 x 3 neighbourhood beside its output.
        measure(f"regions-network ({name})", *denoised(f"regions_net_{name}", "--method", "regions-network", "--model", path))
    for lam in args.lambdas:
        measure(f"nlpar (kikuchi, lambda {lam:g})", *denoised(f"nlpar{lam:g}", "--method", "nlpar", "--lambda", str(lam)))
    measure("npa (kikuchi)", *denoised("npa", "--method", "npa"))
    for window in args.windows:
        measure(f"npa (kikuchi, {window})", *denoised(f"npa{window}", "--method", "npa", "--window", window))
    start = time.time()
    peer = os.path.join(folder, f"ni_{grains}grains_pyebsdindex_nlpar.up2")
    nl = NLPAR(scan, nrows=rows, ncols=columns)
    nl.opt_lambda(verbose=0)
    lam = float(nl.lam)
    nl.calcnlpar(lam=lam, searchradius=3, fileout=peer, verbose=0)
    measure("nlpar (PyEBSDIndex, auto lambda)", peer, time.time() - start, lam=lam)

print()
print("| method | " + " | ".join(f"{g} grains" for g in args.grains) + " |")
print("| --- | " + " | ".join("---" for _ in args.grains) + " |")
pca_best = {g: max((r for r in results if r["grains"] == g and r["method"].startswith("pca")),
                   key=lambda r: r["fraction_within_2deg"]) for g in args.grains}
for method in dict.fromkeys(r["method"] for r in results):
    cells = [next((f"{r['fraction_within_2deg']:.3f}" for r in results if r["grains"] == g and r["method"] == method), "")
             for g in args.grains]
    print(f"| {method} | " + " | ".join(cells) + " |")
print("| pca, best K | " + " | ".join(f"{pca_best[g]['fraction_within_2deg']:.3f} (K={pca_best[g]['components']})"
                                     for g in args.grains) + " |")
if args.json:
    with open(args.json, "w") as handle:
        json.dump(dict(settings=vars(args), results=results), handle, indent=1)
