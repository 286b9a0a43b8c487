"""Per-pattern NCC (worst and mean) between two denoised scans: compare.py A B [A_OFFSET_BYTES]."""
import sys

import numpy as np


def load(path):
    if path.endswith(".up1"):
        with open(path, "rb") as f:
            f.seek(16)
            data = np.frombuffer(f.read(), np.uint8)
        return data.reshape(-1, 60 * 60).astype(np.float64)
    data = np.load(path, mmap_mode="r")
    return data.reshape(len(data), -1)


a, b = load(sys.argv[1]), load(sys.argv[2])
worst, total = 1.0, 0.0
for start in range(0, len(a), 2000):
    x = np.asarray(a[start:start + 2000], np.float64)
    y = np.asarray(b[start:start + 2000], np.float64)
    x -= x.mean(axis=1, keepdims=True)
    y -= y.mean(axis=1, keepdims=True)
    ncc = (x * y).sum(1) / np.sqrt((x * x).sum(1) * (y * y).sum(1))
    worst = min(worst, ncc.min())
    total += ncc.sum()
print(f"NCC {sys.argv[1].split('/')[-1]} vs {sys.argv[2].split('/')[-1]}: worst {worst:.5f}, mean {total / len(a):.5f}")
