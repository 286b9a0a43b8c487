"""kikuchipy's side of benchmarks/dictionary/run.sh: dynamic background removal, dictionary
indexing against a cubochoric dictionary of the EMsoft Ni master, and refinement, on SCAN (any file
kp.load reads), with the detector of run.sh. Prints one JSON line: seconds for matching (dictionary
simulated lazily inside it, as kikuchipy does by default), seconds per refined pattern (on the
first REFINE patterns), the dictionary size and the orientations (Bunge degrees).

  bench_kikuchipy.py SCAN MASTER RESOLUTION REFINE OUT.json
"""
import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import kikuchipy as kp  # noqa: E402
from orix.quaternion.symmetry import O  # noqa: E402
from orix.sampling import get_sample_fundamental  # noqa: E402

scan, master, resolution, refine_count, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
PC, TILT, ELEVATION = (0.5, 0.5, 0.6), 70.0, 0.0  # Bruker; run.sh simulates with EDAX (0.5, 0.5, 0.6)

start = time.perf_counter()
s = kp.load(scan)
s.remove_dynamic_background(operation="subtract", std=s.axes_manager.signal_shape[0] / 8, filter_domain="spatial",
                            show_progressbar=False)
mp = kp.load(master, projection="lambert", hemisphere="both")
h, w = s.axes_manager.signal_shape[::-1]
detector = kp.detectors.EBSDDetector(shape=(h, w), pc=PC, convention="bruker", sample_tilt=TILT, tilt=ELEVATION)
rotations = get_sample_fundamental(resolution, point_group=O)
sim = mp.get_patterns(rotations, detector, energy=20, compute=False, show_progressbar=False)
xmap = s.dictionary_indexing(sim, keep_n=2)
matching = time.perf_counter() - start

# The first REFINE patterns (in scan order) refined, the others masked out (True: not refined).
mask = np.ones(xmap.shape, dtype=bool)
mask.reshape(-1)[:refine_count] = False
start = time.perf_counter()
refined = s.refine_orientation(xmap, detector, mp, energy=20, trust_region=[resolution] * 3, navigation_mask=mask,
                               compute=True)
refining = time.perf_counter() - start
json.dump(dict(matching_seconds=matching, refine_seconds_per_pattern=refining / refine_count,
               dictionary_size=int(rotations.size), patterns=int(s.axes_manager.navigation_size),
               orientations=np.rad2deg(xmap.rotations[:, 0].to_euler()).tolist()), open(out, "w"))
print(json.dumps(dict(matching_seconds=matching, refine_seconds_per_pattern=refining / refine_count)))
