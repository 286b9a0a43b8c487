"""Writes hough.json: PyEBSDIndex's Hough indexing of scan.npy (make_index_fixtures.py), the second
reference of kikuchi's dictionary indexing beside kikuchipy's.

PyEBSDIndex 0.3 indexes the same uint16 patterns as Ni (its FCC phase) with the pattern centre of
indexing.json converted from Bruker's convention to EDAX's (x, 1 - y, z), the same sample tilt and
camera elevation. Stored per pattern: Bunge angles in degrees (rotlib.qu2eu of its quaternions),
its fit (mean angular misfit of the bands, degrees), number of matched bands and confidence metric.

Run: python3 Tests/Fixtures/index/make_hough_fixture.py
"""
import json
import os

import numpy as np
from pyebsdindex import ebsd_index, rotlib

here = os.path.dirname(os.path.abspath(__file__))
meta = json.load(open(os.path.join(here, "indexing.json")))
patterns = np.load(os.path.join(here, "scan.npy")).astype(np.float32)
x, y, z = meta["pc_bruker"]
indexer = ebsd_index.EBSDIndexer(
    phaselist=["FCC"], vendor="EDAX", PC=(x, 1 - y, z), sampleTilt=meta["sample_tilt"], camElev=meta["elevation"],
    patDim=patterns.shape[1:])
result = indexer.index_pats(patterns, verbose=0)[0][-1]
json.dump(dict(euler=np.rad2deg(rotlib.qu2eu(result["quat"])).tolist(), fit=result["fit"].tolist(),
               nmatch=result["nmatch"].tolist(), cm=result["cm"].tolist()),
          open(os.path.join(here, "hough.json"), "w"), indent=1)
