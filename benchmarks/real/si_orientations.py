"""Do the methods keep a real pattern's orientation? The three real Si patterns of
../shared/data (one grain, the screen at three distances), after static background correction,
each as a 3 x 3 map of nine copies through every method, indexed by PyEBSDIndex at the pattern
centre found once (si_pattern_centres.json, by PyEBSDIndex's particle-swarm optimisation on the
input patterns: `--find-pattern-centres` repeats it). Figure: the misorientation (cubic symmetry)
between the orientation of each method's output and of its input; the goal is below 0.5 degrees.

    python3 benchmarks/real/si_orientations.py [--kikuchi .build/release/kikuchi] [--find-pattern-centres]

Needs numpy, h5py, opencv-python-headless, pyebsdindex.
"""
import argparse
import itertools
import json
import os
import subprocess
import tempfile

import numpy as np
from pyebsdindex import ebsd_index, pcopt, tripletvote

import realism

CENTRES = os.path.join(realism.HERE, "si_pattern_centres.json")


def silicon():
    return tripletvote.addphase(spacegroup=227, latticeparameter=[5.431, 5.431, 5.431, 90, 90, 90],
                                polefamilies=[[1, 1, 1], [0, 2, 2], [1, 1, 3], [0, 0, 4], [1, 3, 3], [2, 2, 4]],
                                phasename="Si")


def indexer(shape):
    return ebsd_index.EBSDIndexer(phaselist=[silicon()], vendor="EDAX", patDim=shape, sampleTilt=70, camElev=0, nBands=12)


def quaternion_product(a, b):
    w1, x1, y1, z1 = a
    w2, x2, y2, z2 = b
    return np.array([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2, w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                     w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2, w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2])


def cubic_rotations():
    s = np.sqrt(0.5)
    rotations = [(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1),
                 (s, s, 0, 0), (s, -s, 0, 0), (s, 0, s, 0), (s, 0, -s, 0), (s, 0, 0, s), (s, 0, 0, -s),
                 (0, s, s, 0), (0, s, -s, 0), (0, s, 0, s), (0, s, 0, -s), (0, 0, s, s), (0, 0, s, -s)]
    rotations += [(0.5, 0.5 * a, 0.5 * b, 0.5 * c) for a, b, c in itertools.product([1, -1], repeat=3)]
    return [np.array(r, dtype=np.float64) for r in rotations]


def misorientation(a, b):
    """Degrees between two orientations (unit quaternions) under the 24 rotations of the cube."""
    a = np.asarray(a, np.float64) / np.linalg.norm(a)
    b = np.asarray(b, np.float64) / np.linalg.norm(b)
    difference = quaternion_product(a, b * np.array([1, -1, -1, -1]))
    w = max(abs(quaternion_product(difference, s)[0]) for s in cubic_rotations())
    return float(np.degrees(2 * np.arccos(min(1.0, w))))


def orientation(pattern, centre):
    data = indexer(pattern.shape).index_pats(pattern[None].astype(np.float32), PC=centre, verbose=0)[0]
    solution = data[-1][0]
    return solution["quat"], int(solution["nmatch"]), float(solution["fit"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kikuchi", default=os.path.join(realism.ROOT, ".build", "release", "kikuchi"))
    parser.add_argument("--find-pattern-centres", action="store_true")
    parser.add_argument("--out", default=os.path.join(realism.ROOT, "out", "real"))
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory() as work:
        patterns = [(name, p) for name, p in realism.clean_real_patterns(arguments.kikuchi, work) if name.startswith("si_")]
        if arguments.find_pattern_centres:
            centres = {}
            for name, pattern in patterns:
                best = None
                for z in [0.5, 0.7, 0.9]:
                    pc = pcopt.optimize_pso(pattern[None].astype(np.float32), indexer(pattern.shape), PC0=[0.5, 0.7, z],
                                            search_limit=0.25, nswarmparticles=40, niter=60, verbose=0)
                    fit = orientation(pattern, pc)[2]
                    if best is None or fit < best[1]:
                        best = (pc, fit)
                centres[name] = [round(float(v), 4) for v in best[0]]
            with open(CENTRES, "w") as f:
                json.dump({"convention": "EDAX (x*, y*, z*)", "tilt": 70, "elevation": 0, "centres": centres}, f, indent=1)
        with open(CENTRES) as f:
            centres = json.load(f)["centres"]
        inputs = {name: orientation(pattern, centres[name]) for name, pattern in patterns}
        names = [name for name, _ in patterns]
        results["between_the_three_inputs"] = {f"{a} / {b}": round(misorientation(inputs[a][0], inputs[b][0]), 2)
                                               for a, b in itertools.combinations(names, 2)}
        for name, pattern in patterns:
            stored = np.clip(np.rint(pattern), 0, 255).astype(np.uint8)
            scan = os.path.join(work, "clean-map.h5")
            realism.write_scan(scan, np.repeat(stored[None], 9, axis=0), 3, 3, arguments.kikuchi, work)
            row = {"input": {"bands_matched": inputs[name][1], "fit": round(inputs[name][2], 3)}}
            for method in realism.METHODS:
                output, refusal, _ = realism.denoise(arguments.kikuchi, scan, method, work, realism.NINE_PATTERNS)
                if output is None:
                    row[method] = {"refused": refusal}
                    continue
                quat, matched, fit = orientation(output[4], centres[name])
                row[method] = {"degrees": round(misorientation(quat, inputs[name][0]), 2), "bands_matched": matched,
                               "fit": round(fit, 3)}
            results[name] = row
            print(name, ", ".join(f"{m} {v.get('degrees', 'refused')}" for m, v in row.items() if m != "input"), flush=True)
    with open(os.path.join(arguments.out, "si-orientations.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(json.dumps(results["between_the_three_inputs"]))


if __name__ == "__main__":
    main()
