"""A grain map simulated by kikuchipy's own projection (the second simulator): OUT/scan.h5 (kikuchipy
h5ebsd, uint16) and OUT/truth.csv (phi1,Phi,phi2 in degrees, one row per pattern).

    python3 simulate_kikuchipy.py OUT MASTER DOSE [COLUMNSxROWS] [SEED]

60 x 60 Ni patterns of the EMsoft master MASTER at 20 kV, Bruker pattern centre (0.46, 0.53, 0.62),
sample tilt 70, camera elevation 2 degrees; 30 Voronoi grains of random orientation; each pattern
scaled to 0...1, on a smooth off-centre background (signal 0.6 + 0.4 x pattern times the
background), Poisson counts at DOSE counts per pixel on average.
"""
import os
import sys

import kikuchipy as kp
import numpy as np
from orix.quaternion import Rotation

out, master, dose = sys.argv[1], sys.argv[2], float(sys.argv[3])
columns, rows = map(int, (sys.argv[4] if len(sys.argv) > 4 else "40x25").split("x"))
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 7
rng = np.random.default_rng(seed)
np.random.seed(seed)
shape = (60, 60)
mp = kp.load(master, projection="lambert", hemisphere="both")
detector = kp.detectors.EBSDDetector(shape=shape, pc=(0.46, 0.53, 0.62), convention="bruker", sample_tilt=70, tilt=2)
grains = 30
centres = rng.uniform([0, 0], [columns, rows], size=(grains, 2))
yy, xx = np.mgrid[0:rows, 0:columns]
label = np.argmin(((xx[..., None] - centres[:, 0]) ** 2 + (yy[..., None] - centres[:, 1]) ** 2), axis=-1).reshape(-1)
grain_rotations = Rotation.random(grains)
euler = np.rad2deg(grain_rotations.to_euler())[label]
clean = mp.get_patterns(Rotation.from_euler(np.deg2rad(euler)), detector, energy=20, compute=True,
                        show_progressbar=False).data.reshape(-1, *shape).astype(np.float64)
clean = (clean - clean.min(axis=(1, 2), keepdims=True)) / np.ptp(clean, axis=(1, 2), keepdims=True)
py, px = np.mgrid[0:shape[0], 0:shape[1]]
background = np.exp(-(((px - 27) / 30.0) ** 2 + ((py - 33) / 26.0) ** 2))
signal = background * (0.6 + 0.4 * clean)
counts = np.minimum(rng.poisson(dose * signal / signal.mean(axis=(1, 2), keepdims=True)), 65535).astype(np.uint16)
s = kp.signals.EBSD(counts.reshape(rows, columns, *shape))
s.save(os.path.join(out, "scan.h5"), overwrite=True)
np.savetxt(os.path.join(out, "truth.csv"), euler, delimiter=",", header="phi1,Phi,phi2", comments="", fmt="%.6f")
