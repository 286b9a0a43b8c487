"""Writes the PCA fixture: a small noisy scan and scikit-learn's full-SVD PCA of it.
Run from this folder: python3 make_fixture.py (numpy, scikit-learn).

Scan: a 14 x 12 map (columns x rows, index = row * 14 + column) of 168 patterns of 60 x 60,
uint16, 64 units per count. Twelve "grains" (nearest of 12 random seeds) each give five bands
at their own angle over a smooth background, turning a little across the map; Poisson noise
at a mean of 20 counts per pixel. Past the dozen or so grain components the spectrum is flat
noise, where a randomized SVD with scikit-learn's automatic 7 power iterations comes out at a
worst per-pattern NCC near 0.985 against the full SVD's reconstruction with 12 components.

Writes scan_uint16.npy, full_svd_12_float32.npy (PCA(n_components=12, svd_solver='full'):
inverse_transform(transform(X)), float32), components_12_float32.npy (its components_, 12 x 60 x
60) and facts.json (its explained_variance_ and the scikit-learn version).
"""
import json

import numpy as np
import sklearn
from sklearn.decomposition import PCA

COLUMNS, ROWS, H, W = 14, 12, 60, 60
GRAINS, DOSE, UNITS = 12, 20.0, 64
K = 12
rng = np.random.default_rng(18)
seeds = rng.random((GRAINS, 2)) * [COLUMNS, ROWS]
angles = rng.random(GRAINS) * np.pi


def pattern(angle, spacing):
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    background = np.exp(-(((x - W * 0.5) / (W * 0.7)) ** 2 + ((y - H * 0.45) / (H * 0.8)) ** 2))
    bands = np.zeros((H, W))
    for b in range(5):
        a = angle + b * np.pi / 5
        distance = (x - W / 2) * np.cos(a) + (y - H / 2) * np.sin(a) - spacing * (b - 2)
        bands += 0.35 * np.exp(-(distance / 2.5) ** 2)
    return background * (1 + bands)


clean = np.zeros((ROWS * COLUMNS, H, W))
for r in range(ROWS):
    for c in range(COLUMNS):
        grain = np.argmin(((seeds - [c + 0.5, r + 0.5]) ** 2).sum(axis=1))
        clean[r * COLUMNS + c] = pattern(angles[grain] + 0.004 * (r + c), 6 + 0.05 * r)
counts = rng.poisson(clean / clean.mean() * DOSE)
scan = np.clip(counts * UNITS, 0, 65535).astype(np.uint16)
np.save("scan_uint16.npy", scan)

X = scan.reshape(len(scan), -1).astype(np.float64)
pca = PCA(n_components=K, svd_solver="full").fit(X)
reconstruction = pca.inverse_transform(pca.transform(X))
np.save("full_svd_12_float32.npy", reconstruction.reshape(-1, H, W).astype(np.float32))
np.save("components_12_float32.npy", pca.components_.reshape(K, H, W).astype(np.float32))
with open("facts.json", "w") as f:
    json.dump({"explained_variance": [float(v) for v in pca.explained_variance_],
               "scikit_learn": sklearn.__version__}, f, indent=1)
    f.write("\n")


def worst_ncc(a, b):
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    return float(((a * b).sum(axis=1) / np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))).min())


# What the randomized solver makes of it (printed only; the Swift test checks kikuchi's own).
for power in ("auto", 20):
    randomized = PCA(n_components=K, svd_solver="randomized", iterated_power=power, random_state=0).fit(X)
    print(f"scikit-learn randomized, iterated_power={power}: worst NCC",
          round(worst_ncc(randomized.inverse_transform(randomized.transform(X)), reconstruction), 5))
