"""Speed of `kikuchi simulate` beside kikuchipy, on the same job: 10,000 noisy 120 x 120 patterns.

kikuchi: `kikuchi simulate -o OUT.up2 --map 100x100 --size 120x120 --dose 20` (release build,
2 threads, written to disk), with the kinematical Ni master pattern and with the EMsoft Ni master
pattern from the shared sample data (--master).
kikuchipy: EBSDMasterPattern.get_patterns for 10,000 random rotations of the same EMsoft master
pattern onto the same detector (compute=True, dask's threads), plus NumPy Poisson noise at the
same dose; not written to disk, so its figure is a little flattering.

Run from the repository root after `swift build -c release`:
    python3 benchmarks/sim/bench_simulate.py [--count 10000]
"""
import argparse
import os
import subprocess
import tempfile
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--kikuchi", default=".build/release/kikuchi")
parser.add_argument("--count", type=int, default=10000)
parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data"))
args = parser.parse_args()
master = os.path.join(args.data, "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
side = int(round(args.count ** 0.5))
count = side * side

with tempfile.TemporaryDirectory() as tmp:
    for label, extra in [("kikuchi simulate, kinematical Ni", []), ("kikuchi simulate, EMsoft Ni master", ["--master", master])]:
        command = [args.kikuchi, "simulate", "-o", os.path.join(tmp, "scan.up2"), "--map", f"{side}x{side}",
                   "--size", "120x120", "--dose", "20", "--grains", "50", "--quiet", "--overwrite"] + extra
        start = time.perf_counter()
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - start
        print(f"{label}: {count} patterns in {seconds:.2f} s = {count / seconds:.0f} patterns/s")

import kikuchipy as kp
from orix.quaternion import Rotation

mp = kp.load(master, projection="lambert", hemisphere="both")
detector = kp.detectors.EBSDDetector(shape=(120, 120), pc=(0.5, 0.5, 0.5), convention="edax", sample_tilt=70)
rotations = Rotation.random(count)
start = time.perf_counter()
patterns = mp.get_patterns(rotations, detector, compute=True, show_progressbar=False).data
rng = np.random.default_rng(1)
# get_patterns scales each float pattern to [-1, 1]: shift to [0, 2], then to a mean of 20 counts.
shifted = patterns + 1
noisy = rng.poisson(20 * shifted / shifted.mean(axis=(1, 2), keepdims=True)).astype(np.uint16)
seconds = time.perf_counter() - start
print(f"kikuchipy get_patterns + NumPy Poisson: {count} patterns in {seconds:.2f} s = {count / seconds:.0f} patterns/s")
