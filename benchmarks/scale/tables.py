"""Tables and a plot of benchmarks/scale/scale.py's results: tables.py OUT (reads OUT/results.json,
writes OUT/results.md and OUT/scale.png)."""
import json
import os
import sys

out = sys.argv[1]
results = json.load(open(os.path.join(out, "results.json")))
maps = sorted({(r["patterns"], r["map"]) for r in results})
methods = [m for m in ["nlpar", "regions", "pca", "npa", "pyebsdindex-nlpar"] if any(r["method"] == m for r in results)]
cell = {(r["map"], r["method"]): r for r in results}

lines = ["| map (columns x rows) | patterns | " + " | ".join(methods) + " |", "| --- | --- |" + " --- |" * len(methods)]
for count, name in maps:
    row = []
    for method in methods:
        r = cell.get((name, method))
        if r is None:
            row.append("")
            continue
        text = f"{r['seconds']:.1f} s, {r['peak_mib']:.0f} MiB"
        if "call_seconds" in r:
            text += f" (call {r['call_seconds']:.1f} s)"
        row.append(text)
    lines.append(f"| {name.replace('x', ' x ')} | {count:,} | " + " | ".join(row) + " |")
lines += ["", "Microseconds per pattern (whole process):", "",
          "| map | patterns | " + " | ".join(methods) + " |", "| --- | --- |" + " --- |" * len(methods)]
for count, name in maps:
    row = [f"{1e6 * cell[(name, m)]['seconds'] / count:.0f}" if (name, m) in cell else "" for m in methods]
    lines.append(f"| {name.replace('x', ' x ')} | {count:,} | " + " | ".join(row) + " |")
if any(r["method"] == "pyebsdindex-nlpar" for r in results):
    lines += ["", "NLPAR against PyEBSDIndex (its whole process / kikuchi's; its call alone / kikuchi's):", ""]
    for count, name in maps:
        if (name, "nlpar") in cell and (name, "pyebsdindex-nlpar") in cell:
            peer, own = cell[(name, "pyebsdindex-nlpar")], cell[(name, "nlpar")]
            lines.append(f"- {name.replace('x', ' x ')}: {peer['seconds'] / own['seconds']:.2f}x, call {peer['call_seconds'] / own['seconds']:.2f}x")
open(os.path.join(out, "results.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit(0)
figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
def wide(name):
    columns, rows = (int(v) for v in name.split("x"))
    return columns >= rows


for number, method in enumerate(methods):
    colour = f"C{number}"
    for shape, style in [(True, "o-"), (False, "s--")]:
        points = sorted(((cell[(n, method)]["patterns"], cell[(n, method)]) for _, n in maps
                         if (n, method) in cell and wide(n) == shape), key=lambda p: p[0])
        if not points:
            continue
        xs = [p[0] for p in points]
        label = method if shape else f"{method}, narrow maps"
        left.plot(xs, [1e6 * p[1]["seconds"] / p[0] for p in points], style, color=colour, label=label)
        right.plot(xs, [p[1]["peak_mib"] for p in points], style, color=colour, label=label)
for axis, label in [(left, "microseconds per pattern"), (right, "peak memory, MiB")]:
    axis.set_xscale("log")
    axis.set_xlabel("patterns (60 x 60, uint16)")
    axis.set_ylabel(label)
    axis.grid(alpha=0.3)
left.legend(fontsize=7)
figure.tight_layout()
figure.savefig(os.path.join(out, "scale.png"), dpi=100)
