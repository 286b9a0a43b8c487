"""Writes the fixtures of KikuchiMetricsTests (run from this folder):

    pip install numpy scikit-image kikuchipy
    python make_fixtures.py

truth.npy, test.npy (3, 33, 40) float32 pattern pairs (a band pattern and noisy versions)
map.npy             (12, 20, 18) uint16 patterns of a 4 x 3 map, row by row
metrics.json holds:
  psnr, ssim, ncc   per pair: skimage peak_signal_noise_ratio and structural_similarity
                    (data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
                    on patterns min-max normalised to [0, 1]; numpy's normalised cross-correlation
  iq                kikuchipy get_image_quality(normalize=True) of each test pattern
  adp               kikuchipy get_average_neighbour_dot_product_map() of map.npy, row by row
"""
import json

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
import kikuchipy as kp
from kikuchipy.pattern import get_image_quality

rng = np.random.default_rng(5)
h, w = 33, 40
y, x = np.mgrid[0:h, 0:w]


def band(angle, offset):
    distance = (x - w / 2) * np.cos(angle) + (y - h / 2) * np.sin(angle) - offset
    return 100 + 80 * np.exp(-(distance / 3) ** 2) + 30 * np.exp(-((x - 15) ** 2 + (y - 12) ** 2) / 300)


def unit(a):
    return (a - a.min()) / (a.max() - a.min())


truth = np.stack([band(0.3, 2), band(1.2, -4), band(2.5, 5)]).astype(np.float32)
test = np.stack([truth[0] + rng.normal(0, 5, (h, w)), truth[1] + rng.normal(0, 20, (h, w)),
                 0.5 * truth[2] + 40 + rng.normal(0, 2, (h, w))]).astype(np.float32)
np.save("truth.npy", truth)
np.save("test.npy", test)
truth, test = truth.astype(np.float64), test.astype(np.float64)
psnr = [peak_signal_noise_ratio(unit(t), unit(s), data_range=1) for t, s in zip(truth, test)]
ssim = [structural_similarity(unit(t), unit(s), data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
        for t, s in zip(truth, test)]
ncc = [np.corrcoef(t.ravel(), s.ravel())[0, 1] for t, s in zip(truth, test)]
iq = [get_image_quality(s.astype(np.float32)) for s in test]

map_patterns = np.empty((3, 4, 20, 18), dtype=np.uint16)
yy, xx = np.mgrid[0:20, 0:18]
for r in range(3):
    for c in range(4):
        grain = 0.4 if c < 2 else 1.9
        distance = (xx - 9) * np.cos(grain) + (yy - 10) * np.sin(grain)
        map_patterns[r, c] = (1000 + 800 * np.exp(-(distance / 3) ** 2) + rng.normal(0, 150, (20, 18))).clip(0).astype(np.uint16)
adp = kp.signals.EBSD(map_patterns).get_average_neighbour_dot_product_map()

np.save("map.npy", map_patterns.reshape(12, 20, 18))
with open("metrics.json", "w") as f:
    json.dump({"psnr": psnr, "ssim": ssim, "ncc": ncc, "iq": [float(v) for v in iq],
               "adp": [float(v) for v in np.asarray(adp).ravel()]}, f, indent=1)
print("psnr", np.round(psnr, 3), "ssim", np.round(ssim, 4), "iq", np.round(iq, 4), "adp", np.round(adp, 4))
