"""Writes a large EDAX UP2 (version 3 header, square map) of pattern-like uint16 data, in chunks,
for the streaming benchmark. Usage: python3 make_large_up2.py OUT.up2 [N=20000] [SIZE=240]"""
import struct
import sys

import numpy as np

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
size = int(sys.argv[3]) if len(sys.argv) > 3 else 240
columns = 200 if count % 200 == 0 else count
rows = count // columns

y, x = np.mgrid[0:size, 0:size] / size
base = 1500 + 1200 * np.exp(-((x - 0.5) ** 2 + (y - 0.4) ** 2) * 3)
rng = np.random.default_rng(1)
with open(out, "wb") as f:
    f.write(struct.pack("<IIII", 3, size, size, 42))
    f.write(struct.pack("<BIIBdd", 0, columns, rows, 0, 0.5, 0.5))
    chunk = 500
    for start in range(0, count, chunk):
        n = min(chunk, count - start)
        noise = rng.integers(0, 400, size=(n, size, size))
        f.write((base[None] + noise).astype("<u2").tobytes())
print(f"wrote {out}: {count} patterns of {size} x {size}, {columns} x {rows} map")
