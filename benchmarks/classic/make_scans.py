"""Benchmark scans for benchmarks/classic/run.sh, written to DIR (default /tmp/kikuchi-classic-bench):

- nlpar_map.npy and nlpar_map.up1 (EDAX UP1 version 1, for PyEBSDIndex): a 200 x 200 map of
  60 x 60 uint8 patterns, 40 Voronoi grains of band patterns, Gaussian noise (sigma 20);
- pca_scan.npy: 20,000 patterns of 120 x 120 uint8 whose bands turn slowly along the scan, with noise.
"""
import os
import struct
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kikuchi-classic-bench"
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(11)


def bands(h, w, angle, shift):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    background = 120 * np.exp(-(((x - w * 0.55) / (w * 0.6)) ** 2 + ((y - h * 0.4) / (h * 0.7)) ** 2))
    total = background + 30
    for k in range(5):
        a = angle + k * np.pi / 5
        d = (x - w / 2) * np.cos(a) + (y - h / 2) * np.sin(a) - shift * (k - 2)
        total += 40 * np.exp(-(d / (w / 30)) ** 2)
    return total.astype(np.float32)


# NLPAR map: 200 x 200 positions, 40 grains.
rows = cols = 200
h = w = 60
seeds = rng.uniform(0, rows, (40, 2))
yy, xx = np.mgrid[0:rows, 0:cols]
grain = np.argmin(((yy[..., None] - seeds[:, 0]) ** 2 + (xx[..., None] - seeds[:, 1]) ** 2), axis=2).ravel()
bases = np.stack([bands(h, w, rng.uniform(0, np.pi), rng.uniform(4, 9)) for _ in range(40)])
nlpar = np.empty((rows * cols, h, w), np.uint8)
for start in range(0, rows * cols, 4000):
    ids = grain[start:start + 4000]
    noisy = bases[ids] + rng.normal(0, 20, (len(ids), h, w)).astype(np.float32)
    nlpar[start:start + 4000] = np.clip(noisy, 0, 255).astype(np.uint8)
np.save(os.path.join(out, "nlpar_map.npy"), nlpar)
with open(os.path.join(out, "nlpar_map.up1"), "wb") as f:
    f.write(struct.pack("<4I", 1, w, h, 16))
    f.write(nlpar.tobytes())

# PCA scan: 20,000 patterns of 120 x 120.
n, s = 20000, 120
pca = np.lib.format.open_memmap(os.path.join(out, "pca_scan.npy"), mode="w+", dtype=np.uint8, shape=(n, s, s))
for start in range(0, n, 1000):
    block = np.stack([bands(s, s, 0.3 + 0.00005 * i, 8 + 0.0001 * i) for i in range(start, start + 1000, 50)])
    block = np.repeat(block, 50, axis=0) * rng.uniform(0.8, 1.2, (1000, 1, 1)).astype(np.float32)
    pca[start:start + 1000] = np.clip(block + rng.normal(0, 15, block.shape).astype(np.float32), 0, 255).astype(np.uint8)
pca.flush()
print("scans written to", out)
