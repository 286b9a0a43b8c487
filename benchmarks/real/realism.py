"""The realism benchmark: every denoising method on real detector patterns.

1. Do no harm. Each clean real pattern of ../shared/data (the three Si patterns after static
   background correction, the background-corrected patterns of real-patterns/), as a 3 x 3 map of
   nine copies, through every method: the output's bands must keep NCC >= 0.9 with the input's.
   The real 3 x 3 Ni map (raw, with its real background and noise) is reported beside them.
2. Real signal, known noise. A clean real pattern is the truth of a 20 x 16 map of 8 Voronoi
   grains (each grain one of the pattern's mirror images, so that neighbouring grains differ as
   orientations do), under a realistic background (the Si patterns' own static background, with a
   circular screen, or with a shadow across it, three quarters of the signal), Poisson noise at
   2, 5 and 20 counts per pixel, 64 stored units per count (uint16). Figures: the mean NCC of each
   output's bands with the truth's, inside the screen less the band filter's reach (3 sigma), so
   that the screen's edge does not count; and the same after static background correction, as an
   indexer sees the pattern: the raw scan's mean pattern taken from each output, the truths' mean
   pattern from each truth.

Bands of a pattern x: x - G(x), G a Gaussian blur of sigma = min(height, width) / 16, which takes
out the background and keeps the Kikuchi bands; NCC over the whole pattern.

    python3 benchmarks/real/realism.py [--kikuchi .build/release/kikuchi] [--out DIR] [--quick]

Needs numpy, h5py, opencv-python-headless. Writes DIR/results.json, DIR/montage-*.png and prints
the tables (benchmarks/real/README.md holds the last run's).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import cv2
import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.environ.get("KIKUCHI_SAMPLE_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data"))

METHODS = ["autoencoder", "pca", "nlpar", "npa", "regions", "nlpar-autoencoder", "nlpar-network", "regions-network"]
# regions-network after self-supervised adaptation to the scan itself (kikuchi train --neighbours
# --self-supervised from the bundled model, ADAPT_EPOCHS epochs), run only with --methods.
ADAPTED = "regions-network-adapted"
ADAPT_EPOCHS = int(os.environ.get("ADAPT_EPOCHS", "2"))
ADAPT_RATE = os.environ.get("ADAPT_RATE", "0.0001")
REAL_PATTERNS = ["astroebsd_fe_pattern_1.tif", "xcdskd_ni_example3.png", "xcdskd_gan_hx_2.png",
                 "xcdskd_bnbst_15kv.png", "xcdskd_si_15000_bam.png"]
SI = ["si_in.h5", "si_out5mm.h5", "si_out10mm.h5"]
# Nine patterns allow at most 9 principal components (PCA's default is 30); every other setting is
# each method's default.
NINE_PATTERNS = ("--components", "5")
# Real detectors bin to 60-480 pixels; larger images are reduced (INTER_AREA) to this long side.
LONGEST_SIDE = 480


def bands(pattern):
    x = pattern.astype(np.float64)
    sigma = min(x.shape) / 16
    return x - cv2.GaussianBlur(x, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)


def ncc(a, b):
    a = a - a.mean()
    b = b - b.mean()
    denominator = np.sqrt((a * a).sum() * (b * b).sum())
    return float((a * b).sum() / denominator) if denominator > 0 else 0.0


def band_ncc(a, b, inside=None):
    """NCC of the bands of a and b, over the pixels `inside` (a boolean mask) when given."""
    if inside is None:
        return ncc(bands(a), bands(b))
    return ncc(bands(a)[inside], bands(b)[inside])


def inner(mask):
    """The detector area less a margin of the band filter's reach, so that the screen's edge does not count."""
    if mask.all():
        return None
    margin = int(round(3 * min(mask.shape) / 16))
    return cv2.erode(mask.astype(np.uint8), np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)) > 0


def reduced(image):
    longest = max(image.shape)
    if longest <= LONGEST_SIDE:
        return image
    scale = LONGEST_SIDE / longest
    size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def write_scan(path, patterns, columns, rows, kikuchi, work):
    """Patterns (N, H, W) as a kikuchipy h5ebsd scan with a columns x rows map, through kikuchi."""
    npy = os.path.join(work, "input.npy")
    np.save(npy, patterns)
    subprocess.run([kikuchi, "convert", npy, path, "--columns", str(columns), "--rows", str(rows),
                    "--overwrite", "--quiet"], check=True, stdout=subprocess.DEVNULL)


def read_patterns(path):
    with h5py.File(path, "r") as f:
        group = f[next(name for name in f if name.startswith("Scan"))]
        return group["EBSD/Data/patterns"][()].astype(np.float64)


MODELS = {}  # method -> a model file to use instead of the bundled one (--model)
NETWORK_OPTIONS = []  # given to every network method's denoise (--no-guard)


def adapt(kikuchi, scan, work):
    """A regions-network model adapted to `scan` by self-supervised training; the path, or None
    and the message."""
    model = os.path.join(work, "adapted.h5")
    initial = MODELS.get("regions-network", os.path.join(ROOT, "models", "regions-network.h5"))
    result = subprocess.run([kikuchi, "train", "--neighbours", "--self-supervised", "--averaging", "regions", "--noisy", scan,
                             "--init", initial, "-o", model, "--epochs", str(ADAPT_EPOCHS), "--learning-rate", ADAPT_RATE,
                             "--batch-size", "16", "--seed", "1", "--overwrite", "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1]
    return model, None


def denoise(kikuchi, scan, method, work, extra=()):
    """The method's float32 output of `scan`; None and the message when kikuchi refuses it."""
    started = time.time()
    if method == ADAPTED:
        adapted, refusal = adapt(kikuchi, scan, work)
        if adapted is None:
            return None, refusal, time.time() - started
        model = ["--model", adapted]
        method = "regions-network"
    else:
        model = ["--model", MODELS[method]] if method in MODELS else []
    out = os.path.join(work, f"out-{method}.h5")
    network = NETWORK_OPTIONS if "network" in method or "autoencoder" in method else []
    arguments = [kikuchi, "denoise", scan, "-o", out, "--method", method, "--output-type", "float32",
                 "--overwrite", "--quiet", *model, *network, *extra]
    result = subprocess.run(arguments, capture_output=True, text=True)
    seconds = time.time() - started
    if result.returncode != 0:
        return None, result.stderr.strip().splitlines()[-1], seconds
    return read_patterns(out), None, seconds


def clean_real_patterns(kikuchi, work):
    """(name, pattern) of every clean real pattern: Si after static background correction, the rest as given."""
    patterns = []
    for name in SI:
        corrected = os.path.join(work, "si-corrected.h5")
        subprocess.run([kikuchi, "background", os.path.join(DATA, "kikuchipy-data", name), "-o", corrected,
                        "--static", "--overwrite", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        patterns.append((name.replace(".h5", "") + " (static bg removed)", read_patterns(corrected)[0]))
    for name in REAL_PATTERNS:
        image = cv2.imread(os.path.join(DATA, "real-patterns", name), cv2.IMREAD_GRAYSCALE)
        patterns.append((os.path.splitext(name)[0], reduced(image).astype(np.float64)))
    return patterns


def do_no_harm(kikuchi, work, methods):
    rows = []
    montage = []
    for name, pattern in clean_real_patterns(kikuchi, work):
        scan = os.path.join(work, "clean-map.h5")
        stored = np.clip(np.rint(pattern), 0, 255).astype(np.uint8)
        write_scan(scan, np.repeat(stored[None], 9, axis=0), 3, 3, kikuchi, work)
        row = {"pattern": name, "size": list(stored.shape), "methods": {}}
        outputs = [stored.astype(np.float64)]
        for method in methods:
            output, refusal, seconds = denoise(kikuchi, scan, method, work, NINE_PATTERNS)
            if output is None:
                row["methods"][method] = {"refused": refusal}
                outputs.append(np.zeros_like(outputs[0]))
                continue
            centre = output[4]
            row["methods"][method] = {"band_ncc": band_ncc(centre, stored), "seconds": round(seconds, 2)}
            outputs.append(centre)
        rows.append(row)
        montage.append(outputs)
        print(f"  {name}: " + ", ".join(f"{m} {v.get('band_ncc', float('nan')):.3f}" for m, v in row["methods"].items()),
              flush=True)
    return rows, montage


def real_ni_map(kikuchi, work, methods):
    """The real 3 x 3 Ni map as recorded (background and noise): each output's bands against the input's."""
    scan = os.path.join(DATA, "kikuchipy", "edax_binary", "edax_binary.up1")
    converted = os.path.join(work, "ni-map.h5")
    subprocess.run([kikuchi, "convert", scan, converted, "--overwrite", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    raw = read_patterns(converted)
    result = {}
    outputs = [raw[4]]
    for method in methods:
        output, refusal, _ = denoise(kikuchi, converted, method, work, NINE_PATTERNS)
        if output is None:
            result[method] = {"refused": refusal}
            outputs.append(np.zeros_like(raw[4]))
            continue
        result[method] = {"band_ncc_with_input": float(np.mean([band_ncc(o, r) for o, r in zip(output, raw)]))}
        outputs.append(output[4])
    return result, outputs


def mirror_images(pattern):
    """Patterns that share the bands' profiles but not their places: the pattern's mirror images."""
    variants = [pattern, pattern[:, ::-1], pattern[::-1, :], pattern[::-1, ::-1]]
    if pattern.shape[0] == pattern.shape[1]:
        variants += [pattern.T, pattern.T[:, ::-1], pattern.T[::-1, :], pattern.T[::-1, ::-1]]
    return [np.ascontiguousarray(v) for v in variants]


def voronoi_grains(columns, rows, grains, rng):
    seeds = rng.uniform([0, 0], [columns, rows], size=(grains, 2))
    y, x = np.mgrid[0:rows, 0:columns]
    distances = (x[..., None] + 0.5 - seeds[:, 0]) ** 2 + (y[..., None] + 0.5 - seeds[:, 1]) ** 2
    return distances.argmin(axis=-1).ravel()


def background(kind, shape):
    """A detector's background of `shape`, mean 1: the Si patterns' static background, with a
    circular screen or a shadow."""
    with h5py.File(os.path.join(DATA, "kikuchipy-data", "si_in.h5"), "r") as f:
        static = f["Scan 1/EBSD/Header/static_background"][()].astype(np.float64)
    b = cv2.resize(cv2.GaussianBlur(static, (0, 0), 4), (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
    h, w = shape
    y, x = np.mgrid[0:h, 0:w]
    if kind == "screen":
        radius = 0.5 * min(h, w)
        b = b * (((y - h / 2) ** 2 + (x - w / 2) ** 2) <= radius ** 2) + 0.02 * b.mean()
    elif kind == "shadow":
        b = b * (0.35 + 0.65 / (1 + np.exp(-(x - 0.3 * w) / (0.06 * w))))
    return b / b.mean()


def known_noise(kikuchi, work, methods, doses, kinds, bases, rng):
    results = []
    columns, rows, grains = 20, 16, 8
    for base_name, base in bases:
        truth_base = base - base.min()
        truth_base = truth_base / truth_base.mean()
        variants = mirror_images(truth_base)
        labels = voronoi_grains(columns, rows, grains, rng)
        truth = np.stack([variants[label % len(variants)] for label in labels])
        for kind in kinds:
            b = background(kind, base.shape)
            mask = b > 0.05
            for dose in doses:
                expected = dose * (0.75 * b + 0.25 * truth * mask)
                counts = rng.poisson(expected)
                recorded = np.clip(counts * 64, 0, 65535).astype(np.uint16)
                scan = os.path.join(work, "noisy-map.h5")
                write_scan(scan, recorded, columns, rows, kikuchi, work)
                case = {"pattern": base_name, "size": list(base.shape), "background": kind, "dose": dose, "methods": {}}
                seen = truth * mask
                area = inner(mask)
                # Static background correction: the raw scan's mean pattern off every output.
                static = recorded.astype(np.float64).mean(axis=0)
                seen_static = seen - seen.mean(axis=0)

                def figures(output):
                    return {"band_ncc": float(np.mean([band_ncc(o, t, area) for o, t in zip(output, seen)])),
                            "band_ncc_static": float(np.mean([band_ncc(o - static, t, area) for o, t in zip(output, seen_static)]))}
                case["methods"]["raw"] = figures(recorded)
                for method in methods:
                    output, refusal, seconds = denoise(kikuchi, scan, method, work)
                    if output is None:
                        case["methods"][method] = {"refused": refusal}
                        continue
                    case["methods"][method] = {**figures(output), "seconds": round(seconds, 2)}
                results.append(case)
                print(f"  {base_name} {kind} dose {dose}: " + ", ".join(
                    f"{m} {v.get('band_ncc', float('nan')):.3f}/{v.get('band_ncc_static', float('nan')):.3f}"
                    for m, v in case["methods"].items()), flush=True)
    return results


def save_montage(path, rows, labels):
    """Rows of patterns (each row: the input, then each method's output), each tile stretched to 0..255."""
    tile = 128
    def scaled(p):
        p = p.astype(np.float64)
        span = p.max() - p.min()
        p = (p - p.min()) / span * 255 if span > 0 else np.zeros_like(p)
        h, w = p.shape
        s = tile / max(h, w)
        p = cv2.resize(p, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
        canvas = np.full((tile, tile), 255.0)
        canvas[: p.shape[0], : p.shape[1]] = p
        return canvas
    header = np.full((18, tile * len(labels)), 255, np.uint8)
    for i, label in enumerate(labels):
        cv2.putText(header, label[:16], (i * tile + 2, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.35, 0, 1)
    body = np.vstack([np.hstack([scaled(p) for p in row]) for row in rows]).astype(np.uint8)
    cv2.imwrite(path, np.vstack([header, body]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kikuchi", default=os.path.join(ROOT, ".build", "release", "kikuchi"))
    parser.add_argument("--out", default=os.path.join(ROOT, "out", "real"))
    parser.add_argument("--quick", action="store_true", help="one base pattern and one background for part 2")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of the methods")
    parser.add_argument("--model", action="append", default=[], metavar="METHOD=FILE",
                        help="a candidate model for a network method instead of the bundled one")
    parser.add_argument("--no-guard", action="store_true", help="the networks' own outputs: no guard and no blend")
    arguments = parser.parse_args()
    if arguments.no_guard:
        NETWORK_OPTIONS.append("--no-guard")
    for given in arguments.model:
        method, _, path = given.partition("=")
        if method not in METHODS or not path:
            sys.exit(f"--model takes METHOD=FILE with METHOD one of {', '.join(METHODS)}, not {given!r}")
        MODELS[method] = os.path.abspath(path)
    if not os.path.isdir(DATA):
        sys.exit(f"no sample data at {DATA}")
    os.makedirs(arguments.out, exist_ok=True)
    methods = [m for m in arguments.methods.split(",") if m]
    if not methods or any(m not in METHODS + [ADAPTED] for m in methods):
        sys.exit(f"--methods takes a comma-separated subset of {', '.join(METHODS + [ADAPTED])}")
    rng = np.random.default_rng(2026)
    with tempfile.TemporaryDirectory() as work:
        print("do no harm: bands' NCC of each output with the clean real input", flush=True)
        harm, harm_montage = do_no_harm(arguments.kikuchi, work, methods)
        save_montage(os.path.join(arguments.out, "montage-clean.png"), harm_montage, ["input"] + methods)
        # The Si patterns alone (kikuchipy-data, CC BY 4.0), the montage benchmarks/real/README.md shows.
        save_montage(os.path.join(arguments.out, "montage-si.png"),
                     [row for row, case in zip(harm_montage, harm) if case["pattern"].startswith("si_")], ["input"] + methods)
        print("the real 3 x 3 Ni map: bands' NCC of each output with its noisy input", flush=True)
        ni, ni_outputs = real_ni_map(arguments.kikuchi, work, methods)
        save_montage(os.path.join(arguments.out, "montage-ni-map.png"), [ni_outputs], ["input"] + methods)
        print("real signal, known noise: bands' NCC of each output with the truth", flush=True)
        clean = dict(clean_real_patterns(arguments.kikuchi, work))
        bases = [("si_in (static bg removed), 160 px", cv2.resize(clean["si_in (static bg removed)"], (160, 160), interpolation=cv2.INTER_AREA)),
                 ("xcdskd_ni_example3, 115 x 160", cv2.resize(clean["xcdskd_ni_example3"], (160, 115), interpolation=cv2.INTER_AREA))]
        kinds = ["si", "screen", "shadow"]
        if arguments.quick:
            bases, kinds = bases[:1], kinds[:1]
        noise = known_noise(arguments.kikuchi, work, methods, [2, 5, 20], kinds, bases, rng)
    results = {"do_no_harm": harm, "real_ni_map": ni, "known_noise": noise, "models": MODELS,
               "kikuchi": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()}
    with open(os.path.join(arguments.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"results in {arguments.out}/results.json")


if __name__ == "__main__":
    main()
