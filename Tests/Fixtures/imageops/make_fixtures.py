#!/usr/bin/env python3
"""Writes the fixtures of Tests/KikuchiImageTests: inputs and the outputs OpenCV, SciPy and kikuchipy
give for them. Run from anywhere: python3 make_fixtures.py (needs numpy, opencv-python-headless, scipy,
kikuchipy). Everything is deterministic (fixed seeds), so re-running rewrites identical files for the
same library versions; `manifest.json` records those versions.

Inputs are stored once, as 8-bit .npy files. The 16-bit and float inputs are derived from them by
formulas the Swift tests repeat exactly:
    u16[y, x] = u8[y, x] * 256 + ((37 * x + 91 * y) & 255)
    f32[y, x] = float32(u16[y, x]) / float32(65535)
To keep the fixtures small, some expected outputs keep only a band of rows (first, middle, last);
"rows" in the manifest lists them, null meaning the whole image.
"""
import json
import os

import cv2
import numpy as np
import scipy
import scipy.ndimage
import kikuchipy
from kikuchipy.pattern import normalize_intensity, rescale_intensity

HERE = os.path.dirname(os.path.abspath(__file__))
cv2.setNumThreads(1)


def pattern_like(height, width, seed):
    """A smooth background, a few Kikuchi-like bands and Gaussian noise, as 8-bit."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    cy, cx = height * (0.45 + 0.1 * rng.random()), width * (0.45 + 0.1 * rng.random())
    scale = max(height, width)
    image = 80 + 50 * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * (0.4 * scale) ** 2))
    for _ in range(5):
        angle = rng.random() * np.pi
        offset = (rng.random() - 0.5) * scale
        half_width = scale * (0.015 + 0.03 * rng.random())
        distance = (x - cx) * np.cos(angle) + (y - cy) * np.sin(angle) - offset
        image += 35 * np.exp(-(distance / half_width) ** 2)
        image -= 12 * np.exp(-((np.abs(distance) - 1.3 * half_width) / (0.4 * half_width)) ** 2)
    image += rng.normal(0, 7, (height, width))
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def uniform_random(height, width, seed):
    return np.random.default_rng(seed).integers(0, 256, (height, width), dtype=np.uint8)


def widen(u8):
    y, x = np.mgrid[0:u8.shape[0], 0:u8.shape[1]]
    return (u8.astype(np.uint16) * 256 + ((37 * x + 91 * y) & 255)).astype(np.uint16)


def to_float(u16):
    return (u16.astype(np.float32) / np.float32(65535)).astype(np.float32)


def band(height):
    """First 6, middle 4 and last 6 rows."""
    middle = height // 2
    rows = list(range(6)) + list(range(middle - 2, middle + 2)) + list(range(height - 6, height))
    return sorted(set(r for r in rows if 0 <= r < height))


def save(name, array):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(array))
    return name


def main():
    inputs = {
        "pattern240": pattern_like(240, 240, 1),
        "pattern236": pattern_like(236, 236, 2),
        "pattern60": pattern_like(60, 60, 3),
        "pattern480x640": pattern_like(480, 640, 4),  # height 480, width 640
        "pattern93x117": pattern_like(93, 117, 5),    # height 93, width 117
        "random93x117": uniform_random(93, 117, 6),
        "pattern67x61": pattern_like(67, 61, 7),      # height 67, width 61: not divisible by 4 or 8
        "random67x61": uniform_random(67, 61, 8),
    }
    manifest = {"versions": {"opencv": cv2.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                             "kikuchipy": kikuchipy.__version__},
                "inputs": {}, "resize": [], "clahe": [], "gaussian": [], "scaling": []}
    for name, image in inputs.items():
        manifest["inputs"][name] = save(f"input_{name}.npy", image)

    def typed(name, dtype):
        u8 = inputs[name]
        return {"uint8": u8, "uint16": widen(u8), "float32": to_float(widen(u8))}[dtype]

    # Resize: (input, width, height). 8-bit INTER_LINEAR results (and one INTER_AREA shrink) are kept
    # whole, the rest as row bands.
    resize_cases = [("pattern240", 236, 236), ("pattern60", 236, 236), ("pattern236", 240, 240),
                    ("pattern480x640", 236, 236), ("pattern93x117", 236, 236), ("random93x117", 236, 236),
                    ("pattern236", 118, 118)]
    interpolations = {"linear": cv2.INTER_LINEAR, "area": cv2.INTER_AREA}
    tolerance = {"uint8": 1, "uint16": 2, "float32": 1e-5}
    for source, width, height in resize_cases:
        for interpolation, flag in interpolations.items():
            if source.startswith("random") and interpolation == "area":
                continue
            for dtype in ("uint8", "uint16", "float32"):
                image = typed(source, dtype)
                expected = cv2.resize(image, (width, height), interpolation=flag)
                enlarging = width > image.shape[1] or height > image.shape[0]
                whole = dtype == "uint8" and (interpolation == "linear" or source == "pattern240")
                rows = None if whole else band(height)
                kept = expected if rows is None else expected[rows]
                file = save(f"resize_{source}_{width}x{height}_{interpolation}_{dtype}.npy", kept)
                manifest["resize"].append({"input": source, "dtype": dtype, "width": width, "height": height,
                                           "interpolation": interpolation, "expected": file, "rows": rows,
                                           "tolerance": tolerance[dtype]})

    # CLAHE: (input, clip limit, tiles).
    clahe_cases = [(source, clip, tiles)
                   for source in ("pattern240", "pattern236", "pattern60", "pattern67x61")
                   for clip, tiles in ((3.0, 8), (2.0, 4))] + [("random67x61", 3.0, 8)]
    for source, clip, tiles in clahe_cases:
        for dtype in ("uint8", "uint16"):
            image = typed(source, dtype)
            expected = cv2.createCLAHE(clipLimit=clip, tileGridSize=(tiles, tiles)).apply(image)
            large = image.shape[0] > 100
            rows = band(image.shape[0]) if large and (dtype == "uint16" or clip != 3.0) else None
            kept = expected if rows is None else expected[rows]
            file = save(f"clahe_{source}_clip{clip:g}_tiles{tiles}_{dtype}.npy", kept)
            manifest["clahe"].append({"input": source, "dtype": dtype, "clipLimit": clip, "tiles": tiles,
                                      "expected": file, "rows": rows, "tolerance": 0 if dtype == "uint8" else 1})

    # Gaussian blur of the float inputs; sigma 8 on 60 x 60 needs a radius (32) beyond the image.
    for source, sigma in (("pattern60", 1.5), ("pattern60", 8.0), ("pattern67x61", 2.0), ("pattern240", 3.0)):
        image = typed(source, "float32")
        expected = scipy.ndimage.gaussian_filter(image, sigma, truncate=4.0, mode="reflect")
        rows = band(image.shape[0]) if image.shape[0] > 100 else None
        kept = expected if rows is None else expected[rows]
        file = save(f"gaussian_{source}_sigma{sigma:g}.npy", kept)
        manifest["gaussian"].append({"input": source, "sigma": sigma, "expected": file, "rows": rows,
                                     "tolerance": 1e-4})

    # Intensity scaling with kikuchipy (float32 in and out).
    image = typed("pattern60", "float32")
    for kind, result in (
        ("minmax", rescale_intensity(image, out_range=(0.0, 1.0))),
        ("percentiles", rescale_intensity(image, out_range=(0.0, 1.0), percentiles=(2.0, 98.0))),
        ("normalize", normalize_intensity(image)),
    ):
        file = save(f"scaling_pattern60_{kind}.npy", result.astype(np.float32))
        manifest["scaling"].append({"input": "pattern60", "kind": kind, "expected": file, "tolerance": 1e-5,
                                    "percentiles": [2.0, 98.0] if kind == "percentiles" else None,
                                    "percentileValues": [float(v) for v in np.percentile(image, (2.0, 98.0))]
                                    if kind == "percentiles" else None})

    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
