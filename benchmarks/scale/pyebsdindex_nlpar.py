"""PyEBSDIndex's CPU NLPAR (numba) on one UP2 map, the peer of benchmarks/scale/scale.py.

  pyebsdindex_nlpar.py SCAN.up2 COLUMNS ROWS OUT.up2 THREADS

The numba kernels are compiled on a small file first, outside the timed call; the call (NLPAR
with lambda 0.7, search radius 3, its own noise estimates, reading SCAN and writing OUT) is timed
and printed as `call SECONDS`. The whole process is timed by the caller.
"""
import os
import struct
import sys
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
scan, columns, rows, out, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
os.environ["NUMBA_NUM_THREADS"] = str(threads)
from pyebsdindex.nlpar_cpu import NLPAR  # noqa: E402

with tempfile.TemporaryDirectory() as work:
    small = os.path.join(work, "warmup.up1")
    with open(small, "wb") as f:
        f.write(struct.pack("<4I", 1, 60, 60, 16))
        f.write(np.random.default_rng(0).integers(0, 255, (64, 60, 60), dtype=np.uint8).tobytes())
    NLPAR(small, nrows=8, ncols=8).calcnlpar(fileout=os.path.join(work, "warmup_out.up1"), verbose=0)

start = time.perf_counter()
nlpar = NLPAR(scan, nrows=rows, ncols=columns, lam=0.7, searchradius=3)
nlpar.calcnlpar(fileout=out, verbose=0)
print(f"call {time.perf_counter() - start:.3f}")
