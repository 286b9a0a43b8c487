"""Writes the fixture that checks kikuchi's master-pattern projection against kikuchipy.

kikuchipy's EBSDMasterPattern.get_patterns projects the EMsoft nickel master pattern from the
shared sample data (kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5) onto
detectors with several pattern centres, conventions, tilts and sizes, for seeded random Bunge
Euler angles. Written here:
  projection_cases.json      one entry per pattern: shape, pc + convention, binning, pixel size,
                             sample tilt, camera elevation, Euler angles in degrees
  projection_kikuchipy.npy   (N, 120, 120) uint8 patterns zero-padded to 120 x 120 at the top
                             left (each case's own height x width is in the JSON), each scaled
                             from its min..max to 0..255 and rounded, to stay small

Run: python3 Tests/Fixtures/sim/make_projection_fixture.py [SAMPLE_DATA_DIR]
"""
import json
import os
import sys

import numpy as np
import kikuchipy as kp
from orix.quaternion import Rotation

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared/data")
master_path = os.path.join(data, "kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5")
mp = kp.load(master_path, projection="lambert", hemisphere="both")

cases = [
    dict(shape=[120, 120], pc=[0.5, 0.5, 0.5], convention="edax", sample_tilt=70, tilt=0),
    dict(shape=[120, 120], pc=[0.42, 0.63, 0.55], convention="edax", sample_tilt=70, tilt=5),
    dict(shape=[120, 120], pc=[0.55, 0.35, 0.65], convention="bruker", sample_tilt=65, tilt=0),
    dict(shape=[100, 120], pc=[0.45, 0.55, 0.6], convention="oxford", sample_tilt=70, tilt=-3),
    dict(shape=[120, 120], pc=[5.0, -10.0, 15000.0], convention="emsoft", sample_tilt=70, tilt=10,
         binning=4, px_size=25.0),
    dict(shape=[120, 120], pc=[5.0, -10.0, 15000.0], convention="emsoft4", sample_tilt=70, tilt=10,
         binning=4, px_size=25.0),
    dict(shape=[120, 90], pc=[0.5, 0.4, 0.7], convention="edax", sample_tilt=70, tilt=0),
    dict(shape=[120, 120], pc=[0.5, 0.5, 0.5], convention="edax", sample_tilt=70, tilt=0),
]
np.random.seed(2026)
out = np.zeros((len(cases), 120, 120), dtype=np.uint8)
for i, case in enumerate(cases):
    case.setdefault("binning", 1)
    case.setdefault("px_size", 1.0)
    # Uniform random rotation, written as Bunge angles in degrees; the last case is the identity.
    rot = Rotation.random() if i < len(cases) - 1 else Rotation.identity()
    euler = np.rad2deg(rot.to_euler())[0]
    rot = Rotation.from_euler(np.deg2rad(euler))
    case["euler"] = [float(e) for e in euler]
    det = kp.detectors.EBSDDetector(shape=tuple(case["shape"]), pc=case["pc"], convention=case["convention"],
                                    sample_tilt=case["sample_tilt"], tilt=case["tilt"],
                                    binning=case["binning"], px_size=case["px_size"])
    sim = mp.get_patterns(rot, det, compute=True, show_progressbar=False).data.reshape(case["shape"])
    sim = (sim - sim.min()) / (sim.max() - sim.min())
    h, w = case["shape"]
    out[i, :h, :w] = np.round(sim * 255).astype(np.uint8)
json.dump(cases, open(os.path.join(here, "projection_cases.json"), "w"), indent=1)
np.save(os.path.join(here, "projection_kikuchipy.npy"), out)
print(f"wrote {len(cases)} kikuchipy patterns")
