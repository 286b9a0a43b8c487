"""Writes ipf.json: for random orientations, the crystal direction of the sample's Z axis reduced
to the fundamental sector of each Laue group, as orix computes it (the oracle of IPFColourKeyTests).

    python3 make_ipf_fixture.py   (orix 0.15)
"""
import json

import numpy as np
from orix.quaternion import Orientation, symmetry
from orix.vector import Vector3d

rng = np.random.default_rng(23)
euler = np.column_stack([rng.uniform(0, 2 * np.pi, 40), np.arccos(rng.uniform(-1, 1, 40)), rng.uniform(0, 2 * np.pi, 40)])
groups = {"432": symmetry.Oh, "622": symmetry.D6h, "422": symmetry.D4h, "222": symmetry.D2h}
out = {"euler": euler.tolist(), "sectors": {}}
for name, laue in groups.items():
    ori = Orientation.from_euler(euler, laue)
    h = (ori * Vector3d.zvector()).in_fundamental_sector(laue)
    out["sectors"][name] = {"direction": h.unit.data.tolist(), "vertices": laue.fundamental_sector.vertices.unit.data.tolist()}
with open("ipf.json", "w") as f:
    json.dump(out, f, indent=1)
