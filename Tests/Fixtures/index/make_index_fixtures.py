"""Writes the fixtures that check kikuchi's indexing against orix and kikuchipy.

orientations.json (orix):
  cube_points / cube_quaternions   cubochoric points and orix's quaternions of them (cu2ho, ho2ax, ax2qu)
  fundamental                      for point groups 432 and 622 and a few semi-edge step counts N:
                                   orix's get_sample_fundamental(method="cubochoric") count, and its
                                   quaternions for the smallest N
  disorientation                   random orientation pairs (Bunge degrees) and orix's angle between
                                   them under 432 and 622

scan.npy + indexing.json (kikuchipy):
  a 5 x 4 map of 60 x 60 Ni patterns simulated by kikuchipy's own projection of the EMsoft master
  pattern in the shared sample data (kikuchipy/emsoft_ebsd_master_pattern/...), a smooth background
  added and Poisson noise drawn, stored as uint16; kikuchipy's dynamic background removal
  (subtract, spatial, std 7.5) and dictionary indexing of it (dictionary: get_sample_fundamental at
  RESOLUTION degrees), then refine_orientation (Nelder-Mead); the true orientations too.

Run: python3 Tests/Fixtures/index/make_index_fixtures.py [SAMPLE_DATA_DIR]
"""
import json
import os
import sys

import numpy as np
import kikuchipy as kp
from orix.quaternion import Orientation, Rotation
from orix.quaternion.symmetry import O, D6
from orix.quaternion._conversions import cu2ho_single, ho2ax_single, ax2qu_single
from orix.sampling import get_sample_fundamental
from orix.sampling._cubochoric_sampling import cubochoric_sampling

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared/data")
rng = np.random.default_rng(2026)

# --- orientations ---------------------------------------------------------------------------
a = 0.5 * np.pi ** (2 / 3)
points = list(rng.uniform(-a, a, size=(40, 3)))
points += [np.array(p) * a for p in ([1, 0, 0], [0, 0.5, 0], [0, 0, -1], [1, 1, 1], [-1, 0.3, 0.3], [0.2, -0.2, 0.9])]
quaternions = [ax2qu_single(ho2ax_single(cu2ho_single(np.asarray(p, dtype=np.float64)))) for p in points]
fundamental = []
for name, group in (("432", O), ("622", D6)):
    for steps in (4, 7, 12):
        rot = cubochoric_sampling(semi_edge_steps=steps)
        from orix.quaternion import OrientationRegion
        region = OrientationRegion.from_symmetry(group)
        inside = rot[rot < region]
        entry = dict(group=name, steps=steps, count=int(inside.size))
        if steps == 4:
            entry["quaternions"] = inside.data.tolist()
        fundamental.append(entry)
pairs = []
for name, group in (("432", O), ("622", D6)):
    for _ in range(20):
        e1, e2 = rng.uniform([0, 0, 0], [360, 180, 360], size=(2, 3))
        o1 = Orientation.from_euler(np.deg2rad(e1), symmetry=group)
        o2 = Orientation.from_euler(np.deg2rad(e2), symmetry=group)
        pairs.append(dict(group=name, a=e1.tolist(), b=e2.tolist(), degrees=float(o1.angle_with(o2, degrees=True)[0])))
json.dump(dict(cube_points=[list(map(float, p)) for p in points], cube_quaternions=[list(map(float, q)) for q in quaternions],
               fundamental=fundamental, disorientation=pairs), open(os.path.join(here, "orientations.json"), "w"), indent=1)

# --- indexing -------------------------------------------------------------------------------
RESOLUTION = 3.0
SHAPE = (60, 60)
MAP = (4, 5)  # rows, columns
PC = (0.46, 0.53, 0.62)  # Bruker
TILT, ELEVATION = 70.0, 2.0
DOSE = 150.0
master_path = os.path.join(data, "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
mp = kp.load(master_path, projection="lambert", hemisphere="both")
detector = kp.detectors.EBSDDetector(shape=SHAPE, pc=PC, convention="bruker", sample_tilt=TILT, tilt=ELEVATION)
n = MAP[0] * MAP[1]
np.random.seed(2026)  # orix draws from numpy's global generator
truth = Rotation.random(n)
truth_euler = np.rad2deg(truth.to_euler())
truth = Rotation.from_euler(np.deg2rad(truth_euler))
clean = mp.get_patterns(truth, detector, energy=20, compute=True, show_progressbar=False).data.reshape(n, *SHAPE)
clean = (clean - clean.min(axis=(1, 2), keepdims=True)) / np.ptp(clean, axis=(1, 2), keepdims=True)
yy, xx = np.mgrid[0:SHAPE[0], 0:SHAPE[1]]
background = np.exp(-(((xx - 27) / 30.0) ** 2 + ((yy - 33) / 26.0) ** 2))
signal = background * (0.6 + 0.4 * clean)
counts = rng.poisson(DOSE * signal / signal.mean(axis=(1, 2), keepdims=True)).astype(np.uint16)
np.save(os.path.join(here, "scan.npy"), counts)

s = kp.signals.EBSD(counts.reshape(*MAP, *SHAPE).copy())
s.remove_dynamic_background(operation="subtract", std=7.5, filter_domain="spatial", show_progressbar=False)
dictionary_rotations = get_sample_fundamental(RESOLUTION, point_group=O)
sim = mp.get_patterns(dictionary_rotations, detector, energy=20, compute=True, show_progressbar=False)
xmap = s.dictionary_indexing(sim, keep_n=2)
refined = s.refine_orientation(xmap, detector, mp, energy=20, trust_region=[RESOLUTION] * 3, compute=True)


def bunge(rotations):
    return np.rad2deg(rotations.to_euler()).reshape(-1, 3).tolist()


json.dump(dict(resolution=RESOLUTION, shape=list(SHAPE), map=dict(rows=MAP[0], columns=MAP[1]), pc_bruker=list(PC),
               sample_tilt=TILT, elevation=ELEVATION, dose=DOSE, background_sigma=7.5,
               dictionary_size=int(dictionary_rotations.size),
               truth=truth_euler.tolist(),
               indexed=bunge(xmap.rotations[:, 0]), indexed_scores=xmap.scores[:, 0].tolist(),
               refined=bunge(refined.rotations), refined_scores=refined.scores.reshape(-1).tolist()),
          open(os.path.join(here, "indexing.json"), "w"), indent=1)
print("dictionary", dictionary_rotations.size, "scores", np.round(xmap.scores[:, 0], 3))
print("refined", np.round(refined.scores.reshape(-1), 3))
