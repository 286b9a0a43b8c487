"""Time and peak memory of each neighbour method (and PCA) against the number of patterns and
the map's width: kikuchi denoise on simulated UP2 maps of 60 x 60 uint16 patterns (Voronoi
grains, about 100 patterns a grain, dose 20), beside PyEBSDIndex's CPU NLPAR on the same files.

  python3 benchmarks/scale/scale.py OUT [--maps 50x40,200x100,...] [--methods nlpar,regions,pca,npa]
                                        [--peer-up-to N] [--threads 2] [--kikuchi PATH]

Every figure is a whole process (`/usr/bin/time`: wall seconds and peak resident memory), from
reading the scan to its denoised copy on disk; PyEBSDIndex's line also gives its call alone. The
maps are simulated once into OUT/maps and kept; the denoised copies are removed after each run.
Results: OUT/results.json, OUT/results.md (tables), OUT/scale.png (time per pattern and peak
memory against N).
"""
import argparse
import json
import os
import subprocess
import sys

DEFAULT_MAPS = "50x40,200x100,400x200,200x400,800x400,400x800,1000x1000"
HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command, env=None):
    """(wall seconds, peak MiB, stdout) of a whole process."""
    log = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", *command], capture_output=True, text=True, env=env)
    if log.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{log.stderr[-2000:]}")
    line = [l for l in log.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return float(line[1]), int(line[2]) / 1024, log.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--maps", default=DEFAULT_MAPS)
    parser.add_argument("--methods", default="nlpar,regions,pca,npa")
    parser.add_argument("--peer-up-to", type=int, default=320_000, help="PyEBSDIndex on maps of at most this many patterns")
    parser.add_argument("--large-methods", default="nlpar,regions,pca", help="methods on maps above 320,000 patterns")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--kikuchi", default=os.path.join(HERE, "..", "..", ".build", "release", "kikuchi"))
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "maps"), exist_ok=True)
    results_path = os.path.join(args.out, "results.json")
    results = json.load(open(results_path)) if os.path.exists(results_path) else []
    done = {(r["map"], r["method"]) for r in results}
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads))
    for name in args.maps.split(","):
        columns, rows = (int(v) for v in name.split("x"))
        count = columns * rows
        scan = os.path.join(args.out, "maps", f"map{name}.up2")
        if not os.path.exists(scan):
            subprocess.run(
                [args.kikuchi, "simulate", "-o", scan + ".part.up2", "--map", name, "--grains", str(max(count // 100, 1)),
                 "--size", "60x60", "--dose", "20", "--seed", "1", "--threads", str(args.threads), "--quiet"], check=True)
            os.rename(scan + ".part.up2", scan)
        methods = args.methods.split(",") if count <= 320_000 else args.large_methods.split(",")
        output = os.path.join(args.out, "denoised.up2")
        for method in methods:
            if (name, method) in done:
                continue
            seconds, mib, _ = timed(
                [args.kikuchi, "denoise", scan, "-o", output, "--method", method, "--threads", str(args.threads),
                 "--quiet", "--overwrite"], env)
            results.append({"map": name, "patterns": count, "method": method, "seconds": seconds, "peak_mib": mib})
            print(f"{name} {method}: {seconds:.1f} s, {mib:.0f} MiB", flush=True)
            json.dump(results, open(results_path, "w"), indent=1)
        if count <= args.peer_up_to and (name, "pyebsdindex-nlpar") not in done:
            seconds, mib, stdout = timed(
                [sys.executable, os.path.join(HERE, "pyebsdindex_nlpar.py"), scan, str(columns), str(rows), output,
                 str(args.threads)], dict(env, NUMBA_NUM_THREADS=str(args.threads)))
            call = float(stdout.split()[-1])
            results.append({"map": name, "patterns": count, "method": "pyebsdindex-nlpar", "seconds": seconds,
                            "call_seconds": call, "peak_mib": mib})
            print(f"{name} pyebsdindex-nlpar: {seconds:.1f} s (call {call:.1f} s), {mib:.0f} MiB", flush=True)
            json.dump(results, open(results_path, "w"), indent=1)
        if os.path.exists(output):
            os.remove(output)
    subprocess.run([sys.executable, os.path.join(HERE, "tables.py"), args.out], check=True)


if __name__ == "__main__":
    main()
