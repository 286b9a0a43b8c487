"""Writes tiny_master.h5: a small file in EMsoft's EBSD master pattern layout for the reader's tests.

EMData/EBSDmaster/mLPNH and mLPSH are (numset=2, energies=3, 5, 5) float32 with
  value = 100 * energy index + 10 * site + pixel index / 100 (northern),
  and the negative of that (southern),
and EkeVs = [10, 15, 20] keV, as EMEBSDmaster writes them (sites summed by kikuchipy's reader).

Run: python3 Tests/Fixtures/sim/make_emsoft_master_fixture.py
"""
import os

import h5py
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
values = np.zeros((2, 3, 5, 5), dtype=np.float32)
for site in range(2):
    for energy in range(3):
        values[site, energy] = 100 * energy + 10 * site + np.arange(25).reshape(5, 5) / 100
with h5py.File(os.path.join(here, "tiny_master.h5"), "w") as f:
    group = f.create_group("EMData/EBSDmaster")
    group["mLPNH"] = values
    group["mLPSH"] = -values
    group["EkeVs"] = np.array([10, 15, 20], dtype=np.float32)
    group["numset"] = np.array([2], dtype=np.int32)
print("wrote tiny_master.h5")
