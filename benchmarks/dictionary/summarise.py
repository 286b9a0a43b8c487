"""The table of benchmarks/dictionary/run.sh from the files it left in OUT_DIR."""
import json
import os
import sys

import numpy as np
from orix import io
from orix.quaternion import Orientation
from orix.quaternion.symmetry import O

out = sys.argv[1]


def timing(name):
    seconds, _, kb, _ = open(os.path.join(out, name)).read().split()
    return float(seconds), int(kb) / 1024


truth = Orientation.from_euler(np.deg2rad(np.loadtxt(os.path.join(out, "truth.csv"), delimiter=",", skiprows=1)), symmetry=O)
peer = json.load(open(os.path.join(out, "kikuchipy.json")))
theirs = Orientation.from_euler(np.deg2rad(peer["orientations"]), symmetry=O)
match_s, match_mb = timing("kikuchi-match.time")
refine_s, refine_mb = timing("kikuchi-refine.time")
peer_s, peer_mb = timing("kikuchipy.time")
n = peer["patterns"]
rows = []
for name, ang in (("kikuchi", "kikuchi.ang"), ("kikuchi --refine", "kikuchi-refined.ang")):
    found = Orientation(io.load(os.path.join(out, ang)).rotations, symmetry=O)
    error = truth.angle_with(found, degrees=True)
    rows.append((name, float((error < 2).mean()), float(np.median(error)), float(theirs.angle_with(found, degrees=True).max())))
peer_error = truth.angle_with(theirs, degrees=True)
print(f"{n} patterns 60 x 60, dictionary {peer['dictionary_size']} orientations")
print("| | matching s | refinement s per pattern | peak MB | within 2 deg of truth | median error deg | max deg from kikuchipy's match |")
print("| --- | --- | --- | --- | --- | --- | --- |")
print(f"| kikuchipy (calls) | {peer['matching_seconds']:.1f} | {peer['refine_seconds_per_pattern']:.4f} | {peer_mb:.0f} (process) | "
      f"{(peer_error < 2).mean():.3f} | {np.median(peer_error):.2f} | |")
print(f"| kikuchi index (process) | {match_s:.1f} | {(refine_s - match_s) / n:.4f} | {max(match_mb, refine_mb):.0f} | "
      f"{rows[0][1]:.3f} / {rows[1][1]:.3f} refined | {rows[0][2]:.2f} / {rows[1][2]:.2f} | {rows[0][3]:.2f} |")
print(f"matching: kikuchi {peer['matching_seconds'] / match_s:.2f}x kikuchipy's speed; "
      f"refinement: {peer['refine_seconds_per_pattern'] / max((refine_s - match_s) / n, 1e-9):.2f}x")
