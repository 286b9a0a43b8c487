"""Checks that orix reads kikuchi's .ang and .ctf files with the right orientations, grid and phase.

Indexes two scans with `kikuchi index --refine` and loads each .ang with orix.io.load:
  - the kikuchipy-simulated square 5 x 4 Ni map of this folder (scan.npy, indexing.json):
    orientations against the truth and against kikuchipy's refined ones;
  - a 5 x 4 hex map that `kikuchi simulate` writes (kinematical Al, UP2), against its truth CSV.
The square map is also written as a .ctf (Oxford) and loaded the same way.
For each: the map shape and steps orix finds, the phase's point group, and the largest
disorientation from the truth. Writes check_ang_with_orix.json beside this script; exits 1 when
a check fails.

Run: python3 Tests/Fixtures/index/check_ang_with_orix.py [KIKUCHI_BINARY] [SAMPLE_DATA_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from orix import io
from orix.quaternion import Orientation

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "../../..")
kikuchi = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/kikuchi")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "../shared/data")
master = os.path.join(data, "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
fixture = json.load(open(os.path.join(here, "indexing.json")))
work = tempfile.mkdtemp()
results = {}
ok = True


def run(*args):
    subprocess.run([kikuchi, *args, "--quiet", "--overwrite"], check=True)


def check(name, ang, truth_euler, rows, columns, grid, extra=None):
    global ok
    xmap = io.load(ang)
    phase = xmap.phases[xmap.phases.ids[0]]
    found = Orientation(xmap.rotations, symmetry=phase.point_group)
    truth = Orientation.from_euler(np.deg2rad(truth_euler), symmetry=phase.point_group)
    error = truth.angle_with(found, degrees=True)
    entry = dict(shape=list(xmap.shape), steps=[float(xmap.dx), float(xmap.dy)], point_group=phase.point_group.name,
                 phase=phase.name, max_degrees_from_truth=float(error.max()), median_degrees_from_truth=float(np.median(error)),
                 ci_min=float(xmap.prop["ci"].min() if "ci" in xmap.prop else xmap.prop["BS"].min() / 255))
    entry.update(extra(found) if extra else {})
    passed = (xmap.size == len(truth_euler) and entry["point_group"] in ("432", "m-3m") and entry["max_degrees_from_truth"] < 1.0)
    if grid == "square":
        passed = passed and tuple(xmap.shape) == (rows, columns)
    entry["passed"] = bool(passed)
    ok = ok and passed
    results[name] = entry


square = os.path.join(work, "square.ang")
run("index", os.path.join(here, "scan.npy"), "-o", square, "--master", master, "--map", "5x4",
    "--pc", ",".join(map(str, fixture["pc_bruker"])), "--pc-convention", "bruker", "--elevation", str(fixture["elevation"]),
    "--resolution", str(fixture["resolution"]), "--background-sigma", str(fixture["background_sigma"]), "--refine")


def against_kikuchipy(found):
    theirs = Orientation.from_euler(np.deg2rad(fixture["refined"]), symmetry=found.symmetry)
    return dict(max_degrees_from_kikuchipy=float(theirs.angle_with(found, degrees=True).max()))


check("kikuchipy-simulated square map", square, fixture["truth"], 4, 5, "square", against_kikuchipy)
ctf = os.path.join(work, "square.ctf")
run("index", os.path.join(here, "scan.npy"), "-o", ctf, "--master", master, "--map", "5x4",
    "--pc", ",".join(map(str, fixture["pc_bruker"])), "--pc-convention", "bruker", "--elevation", str(fixture["elevation"]),
    "--resolution", str(fixture["resolution"]), "--background-sigma", str(fixture["background_sigma"]), "--refine")
check("kikuchipy-simulated square map, .ctf", ctf, fixture["truth"], 4, 5, "square", against_kikuchipy)

hexscan, csv = os.path.join(work, "hex.up2"), os.path.join(work, "hex.csv")
run("simulate", "-o", hexscan, "--phase", "al", "--map", "5x4", "--hex", "--grains", "6", "--size", "60x60",
    "--pc", "0.48,0.52,0.58", "--dose", "100", "--orientations-out", csv, "--seed", "11")
hexang = os.path.join(work, "hex.ang")
run("index", hexscan, "-o", hexang, "--phase", "al", "--pc", "0.48,0.52,0.58", "--resolution", "4", "--refine")
check("kikuchi-simulated hex map", hexang, np.loadtxt(csv, delimiter=",", skiprows=1), 4, 5, "hex")

json.dump(results, open(os.path.join(here, "check_ang_with_orix.json"), "w"), indent=1)
print(json.dumps(results, indent=1))
sys.exit(0 if ok else 1)
