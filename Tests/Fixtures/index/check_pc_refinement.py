"""Checks kikuchi's pattern-centre refinement beside kikuchipy's.

The kikuchipy-simulated 5 x 4 Ni map of this folder (scan.npy, indexing.json: true Bruker pattern
centre (0.46, 0.53, 0.62), elevation 2 degrees) refined from a centre 0.015 off in each coordinate
by kikuchipy 0.13's refine_orientation_projection_center (from its refined orientations, after
the same dynamic background removal) and by `kikuchi index --refine-pc` (from its own 3-degree
dictionary matches). Writes check_pc_refinement.json beside this script: each one's mean refined
centre and spread over the patterns; exits 1 unless both means lie within 0.005 of the truth and
of each other.

Run: python3 Tests/Fixtures/index/check_pc_refinement.py [KIKUCHI_BINARY] [SAMPLE_DATA_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile

import kikuchipy as kp
import numpy as np
from orix.crystal_map import CrystalMap, PhaseList
from orix.quaternion import Rotation

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "../../..")
kikuchi = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/kikuchi")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "../shared/data")
master = os.path.join(data, "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
meta = json.load(open(os.path.join(here, "indexing.json")))
truth = np.array(meta["pc_bruker"])
start = truth + np.array([0.015, -0.015, 0.015])
rows, columns = meta["map"]["rows"], meta["map"]["columns"]

mp = kp.load(master, projection="lambert", hemisphere="both")
detector = kp.detectors.EBSDDetector(shape=tuple(meta["shape"]), pc=tuple(start), convention="bruker",
                                     sample_tilt=meta["sample_tilt"], tilt=meta["elevation"])
s = kp.signals.EBSD(np.load(os.path.join(here, "scan.npy")).reshape(rows, columns, *meta["shape"]).astype(np.float32))
s.remove_dynamic_background(operation="subtract", std=meta["background_sigma"], filter_domain="spatial", show_progressbar=False)
xmap = CrystalMap(rotations=Rotation.from_euler(np.deg2rad(meta["refined"])), phase_list=PhaseList(mp.phase),
                  x=np.tile(np.arange(columns), rows).astype(float), y=np.repeat(np.arange(rows), columns).astype(float))
_, refined = s.refine_orientation_projection_center(xmap, detector, mp, energy=20, trust_region=[2, 2, 2, 0.05, 0.05, 0.05],
                                                     compute=True)
theirs = refined.pc.reshape(-1, 3)

ang = os.path.join(tempfile.mkdtemp(), "map.ang")
out = subprocess.run([kikuchi, "index", os.path.join(here, "scan.npy"), "--map", f"{columns}x{rows}", "-o", ang, "--master", master,
                      "--pc", ",".join(map(str, start)), "--pc-convention", "bruker", "--elevation", str(meta["elevation"]),
                      "--resolution", str(meta["resolution"]), "--background-sigma", str(meta["background_sigma"]), "--refine-pc",
                      "--quiet", "--json"], check=True, capture_output=True, text=True).stdout
ours = json.loads(out)["summary"]

result = dict(truth=truth.tolist(), start=start.tolist(),
              kikuchipy=dict(mean=theirs.mean(0).tolist(), sd=theirs.std(0).tolist()),
              kikuchi=dict(mean=ours["patternCentre"], sd=ours["patternCentreDeviation"]))
mean_k, mean_p = np.array(ours["patternCentre"]), theirs.mean(0)
result["passed"] = bool(np.all(np.abs(mean_k - truth) < 0.005) and np.all(np.abs(mean_p - truth) < 0.005)
                        and np.all(np.abs(mean_k - mean_p) < 0.005))
json.dump(result, open(os.path.join(here, "check_pc_refinement.json"), "w"), indent=1)
print(json.dumps(result, indent=1))
sys.exit(0 if result["passed"] else 1)
