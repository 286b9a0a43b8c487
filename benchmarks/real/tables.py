"""The Markdown tables of benchmarks/real/README.md from realism.py's results.json (and
si_orientations.py's si-orientations.json when it is there).

    python3 benchmarks/real/tables.py out/real
"""
import json
import os
import sys

import realism


def cell(entry, key):
    if entry is None:
        return ""
    if "refused" in entry:
        return "refused"
    return f"{entry[key]:.3f}"


def known_noise_table(results, methods, key, title):
    print(f"\nReal signal, known noise: {title}\n")
    columns = ["raw"] + methods
    print("| truth | background | dose | " + " | ".join(columns) + " |")
    print("| --- | --- | --- | " + " | ".join("---" for _ in columns) + " |")
    for case in results["known_noise"]:
        figures = {m: case["methods"].get(m) for m in columns}
        if not any(v and key in v for v in figures.values()):
            continue
        best = max(round(v[key], 3) for v in figures.values() if v and key in v)
        cells = []
        for m in columns:
            text = cell(figures[m], key)
            cells.append(f"**{text}**" if figures[m] and key in figures[m] and round(figures[m][key], 3) == best else text)
        print(f"| {case['pattern']} | {case['background']} | {case['dose']} | " + " | ".join(cells) + " |")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(realism.ROOT, "out", "real")
    with open(os.path.join(folder, "results.json")) as f:
        results = json.load(f)
    methods = [m for m in realism.METHODS + [realism.ADAPTED] if m in results["real_ni_map"]]
    print("Do no harm: band NCC of each output with the clean real input (1.000: unchanged)\n")
    print("| pattern | size | " + " | ".join(methods) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in methods) + " |")
    for row in results["do_no_harm"]:
        size = " x ".join(str(v) for v in reversed(row["size"]))
        print(f"| {row['pattern']} | {size} | " + " | ".join(cell(row["methods"].get(m), "band_ncc") for m in methods) + " |")
    ni = results["real_ni_map"]
    print("\nThe real 3 x 3 Ni map (raw, 60 x 60, its own background and noise): band NCC of each output with its input (a denoiser lowers it by the noise it removes: context, not a score)\n")
    print("| " + " | ".join(methods) + " |")
    print("| " + " | ".join("---" for _ in methods) + " |")
    print("| " + " | ".join(cell(ni.get(m), "band_ncc_with_input") for m in methods) + " |")
    for key, title in [("band_ncc", "mean band NCC of each output with the truth"),
                       ("band_ncc_static", "the same after static background correction (the raw scan's mean pattern off each output)")]:
        known_noise_table(results, methods, key, title)
    orientations = os.path.join(folder, "si-orientations.json")
    if os.path.exists(orientations):
        with open(orientations) as f:
            si = json.load(f)
        print("\nThe real Si patterns: misorientation (degrees) of each output's orientation from its input's\n")
        print("| pattern | bands matched (input) | " + " | ".join(methods) + " |")
        print("| --- | --- | " + " | ".join("---" for _ in methods) + " |")
        for name, row in si.items():
            if name == "between_the_three_inputs":
                continue
            cells = [("refused" if "refused" in row[m] else f"{row[m]['degrees']:.2f}") for m in methods]
            print(f"| {name} | {row['input']['bands_matched']} of 12 | " + " | ".join(cells) + " |")
        print("\nBetween the three inputs (one grain, the screen moved): " +
              ", ".join(f"{k} {v:.2f}" for k, v in si["between_the_three_inputs"].items()) + " degrees")


if __name__ == "__main__":
    main()
