"""Writes the classic-denoiser fixtures: a small noisy scan and what kikuchipy 0.13, PyEBSDIndex
0.3.10 and scikit-learn make of it. Run from this folder: python3 make_fixtures.py

Scan: 8 rows x 9 columns of 24 x 20 (width x height) uint8 patterns (index = row * 9 + column),
three "grains" of band patterns over a smooth background, Gaussian noise, a few saturated pixels.
"""
import json
import os
import struct
import tempfile
import warnings

import numpy as np

warnings.filterwarnings("ignore")
ROWS, COLS, H, W = 8, 9, 20, 24
rng = np.random.default_rng(7)


def band_pattern(angle, shift):
    y, x = np.mgrid[0:H, 0:W].astype(np.float64)
    background = 120 * np.exp(-(((x - W * 0.55) / (W * 0.6)) ** 2 + ((y - H * 0.4) / (H * 0.7)) ** 2))
    bands = np.zeros((H, W))
    for k in range(4):
        a = angle + k * np.pi / 4
        d = (x - W / 2) * np.cos(a) + (y - H / 2) * np.sin(a) - shift * (k - 1.5)
        bands += 40 * np.exp(-(d / 1.6) ** 2)
    return background + bands + 30


def clean_scan():
    out = np.zeros((ROWS * COLS, H, W))
    for r in range(ROWS):
        for c in range(COLS):
            grain = 0 if c < 4 else (1 if r < 4 else 2)
            angle = [0.2, 0.9, 1.7][grain] + 0.01 * (r + c)
            out[r * COLS + c] = band_pattern(angle, [3.0, 4.0, 2.5][grain])
    return out


clean = clean_scan()
noisy = clean + rng.normal(0, 14, clean.shape)
noisy[5, 3:5, 10:13] = 400  # saturated pixels
patterns = np.clip(noisy, 0, 255).astype(np.uint8)
np.save("scan_uint8.npy", patterns)
patterns16 = (patterns.astype(np.uint16) * 200 + rng.integers(0, 200, patterns.shape)).astype(np.uint16)
np.save("scan_uint16.npy", patterns16)

import kikuchipy as kp
from kikuchipy.pattern._pattern import _remove_static_background_subtract

background = np.clip(clean.mean(axis=0) * 0.9 + 5, 1, 255).astype(np.uint8)
np.save("background_uint8.npy", background[None])
import cv2
cv2.imwrite("background_uint8.png", background)
np.save("background_wrong_size.npy", np.ones((1, H, W + 2), np.uint8))


def signal(data):
    return kp.signals.EBSD(data.reshape(ROWS, COLS, H, W).copy())


def save(name, s):
    np.save(name, np.asarray(s.data).reshape(ROWS * COLS, H, W))


s = signal(patterns); s.remove_static_background(operation="subtract", static_bg=background, show_progressbar=False); save("static_subtract_uint8.npy", s)
s = signal(patterns); s.remove_static_background(operation="divide", static_bg=background, show_progressbar=False); save("static_divide_uint8.npy", s)
s = signal(patterns); s.remove_static_background(operation="subtract", static_bg=background, scale_bg=True, show_progressbar=False); save("static_subtract_scalebg_uint8.npy", s)
bg16 = (background.astype(np.uint16) * 200)
s = signal(patterns16); s.remove_static_background(operation="subtract", static_bg=bg16, show_progressbar=False); save("static_subtract_uint16.npy", s)
np.save("background_uint16.npy", bg16[None])
# The scan's own mean as background (kikuchipy's kernel with a float32 mean; its public method wants the scan dtype).
mean = patterns.astype(np.float64).mean(axis=0).astype(np.float32)
np.save("static_mean_subtract_uint8.npy", np.stack([_remove_static_background_subtract(p, mean, np.uint8, 0, 255, False) for p in patterns]))
# Relative intensities: subtract, then one scan-wide stretch (rescale_intensity(relative=True)).
s = kp.signals.EBSD((patterns.astype(np.float32) - background.astype(np.float32)).reshape(ROWS, COLS, H, W))
s.rescale_intensity(relative=True, dtype_out=np.uint8)
save("static_subtract_relative_uint8.npy", s)

s = signal(patterns); s.remove_dynamic_background(filter_domain="spatial", show_progressbar=False); save("dynamic_subtract_uint8.npy", s)
s = signal(patterns); s.remove_dynamic_background(operation="divide", filter_domain="spatial", std=2.5, show_progressbar=False); save("dynamic_divide_sigma2.5_uint8.npy", s)
s = signal(patterns); s.remove_dynamic_background(show_progressbar=False); save("dynamic_subtract_frequency_uint8.npy", s)

s = signal(patterns); s.average_neighbour_patterns(show_progressbar=False); save("npa_circular_3x3_uint8.npy", s)
s = signal(patterns); s.average_neighbour_patterns(window="rectangular", window_shape=(3, 5), show_progressbar=False); save("npa_rectangular_5x3_uint8.npy", s)
s = signal(patterns); s.average_neighbour_patterns(window="gaussian", window_shape=(5, 5), std=1.5, show_progressbar=False); save("npa_gaussian_5x5_sigma1.5_uint8.npy", s)
s = signal(patterns16); s.average_neighbour_patterns(window_shape=(5, 5), show_progressbar=False); save("npa_circular_5x5_uint16.npy", s)

# NLPAR with PyEBSDIndex's CPU implementation on an EDAX UP1 (version 1) copy of the scan.
from pyebsdindex.nlpar_cpu import NLPAR

folder = tempfile.mkdtemp()
up1 = os.path.join(folder, "scan.up1")
with open(up1, "wb") as f:
    f.write(struct.pack("<4I", 1, W, H, 16))
    f.write(patterns.tobytes())


def nlpar(out_name, **kwargs):
    nl = NLPAR(up1, nrows=ROWS, ncols=COLS)
    out = os.path.join(folder, out_name + ".up1")
    nl.calcnlpar(fileout=out, verbose=0, **kwargs)
    with open(out, "rb") as f:
        f.seek(16)
        data = np.frombuffer(f.read(), np.uint8).reshape(ROWS * COLS, H, W)
    np.save(out_name + ".npy", data)
    return nl


nl = nlpar("nlpar_lambda1.2_radius2_uint8", lam=1.2, searchradius=2)
np.save("nlpar_sigma.npy", nl.sigma.astype(np.float32).reshape(-1, 1, 1))
nl = NLPAR(up1, nrows=ROWS, ncols=COLS)
lambdas = nl.opt_lambda(verbose=0)
facts = {"opt_lambda": [float(x) for x in lambdas], "opt_lambda_choice": float(nl.lam)}

# calcnlpar and opt_lambda split even this small map into overlapping tiles (at least two along the
# longer side), and with a search radius of 3 on 8 x 9 positions their tiling leaves some patterns
# unwritten and mixes tile-edge neighbourhoods into the lambda fit. The same kernels on the whole map
# as one tile give the method without those artefacts.
data = patterns.reshape(ROWS * COLS, H * W).astype(np.float32)
indices = np.asarray(NLPAR.makeautomask(H, W).flatten().nonzero()[0], np.int64)
sigma, d2, _ = NLPAR.sigma_numba(data, 1, ROWS, COLS, np.array([0, ROWS], np.int64), np.array([0, COLS], np.int64),
                                 indices.astype(np.uint64), True)
out = NLPAR.nlpar_nb(data, np.float32(0.7), np.int64(3), np.float32(0.0), sigma, ROWS, COLS,
                     calclim=np.array([-1, -1, -1, -1], np.int64), indices_in=indices, saturation_protect=True,
                     diff_offset=np.float32(0.0))
np.save("nlpar_lambda0.7_radius3_uint8.npy", np.clip(out, 0, 255).astype(np.uint8).reshape(-1, H, W))


def misfit(lam, tw):
    weights = np.exp(-np.maximum(d2, 0.0) / lam ** 2)
    return np.mean(np.abs(tw - 1.0 / (np.sum(weights, axis=2) + 1e-12)))


import scipy.optimize as opt
single = [float(opt.minimize(misfit, 1.0, args=(tw,), method="Nelder-Mead", bounds=[[0.001, 10.0]],
                             options={"fatol": 0.0001})["x"][0]) for tw in (0.5, 0.34, 0.25)]
facts["opt_lambda_single_tile"] = single

# PCA: scikit-learn's full-SVD PCA reconstruction from the first K components, on a scan of 120
# patterns whose bands turn and spread a little from one to the next (a smoothly decaying spectrum
# over the noise, as real scans have; the first scan's three grains leave only noise past 3 components).
from sklearn.decomposition import PCA

pca_rng = np.random.default_rng(3)
smooth = np.stack([band_pattern(0.3 + 0.012 * i, 2.5 + 0.015 * i) * (0.8 + 0.4 * pca_rng.random()) for i in range(120)])
smooth = np.clip(smooth + pca_rng.normal(0, 8, smooth.shape), 0, 255).astype(np.uint8)
np.save("pca_scan_uint8.npy", smooth)
X = smooth.reshape(len(smooth), -1).astype(np.float64)
for k in (3, 8):
    pca = PCA(n_components=k, svd_solver="full").fit(X)
    reconstruction = pca.inverse_transform(pca.transform(X)).reshape(-1, H, W)
    np.save(f"pca_{k}_uint8.npy", np.clip(np.rint(reconstruction), 0, 255).astype(np.uint8))
    facts[f"pca_{k}_explained_variance"] = [float(v) for v in pca.explained_variance_]

with open("facts.json", "w") as f:
    json.dump(facts, f, indent=1)
print(facts)
