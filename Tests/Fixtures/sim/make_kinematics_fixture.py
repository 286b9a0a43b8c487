"""Writes the oracle values of kikuchi's kinematical simulator, computed independently:

- relativistic electron wavelengths (diffsims.utils.sim_utils.get_electron_wavelength),
- d-spacings from diffpy.structure lattices,
- atom positions expanded from each structure's space group (diffpy.structure),
- Doyle-Turner electron scattering factors with Debye-Waller damping
  (diffsims.structure_factor.get_doyleturner_atomic_scattering_factor, whose 47.87801 / V
  prefactor is divided out), summed into structure factors F(hkl),
- Bragg angles at 20 kV.
The B factors and lattice constants are kikuchi's (CrystalPhase.swift); the oracle checks the
arithmetic and the tables, not the choice of constants.

Run: python3 Tests/Fixtures/sim/make_kinematics_fixture.py  -> kinematics.json
"""
import json
import os

import numpy as np
from diffpy.structure import Atom, Lattice, Structure
from diffpy.structure.spacegroups import GetSpaceGroup
from diffpy.structure.symmetryutilities import expandPosition
from diffsims.structure_factor.atomic_scattering_factor import get_doyleturner_atomic_scattering_factor
from diffsims.utils.sim_utils import get_electron_wavelength

here = os.path.dirname(os.path.abspath(__file__))
# name: (element, a, c, gamma, space group, asymmetric position, B in angstrom^2)
phases = {
    "ni": ("Ni", 3.5236, 3.5236, 90, 225, (0, 0, 0), 0.35),
    "al": ("Al", 4.0495, 4.0495, 90, 225, (0, 0, 0), 0.85),
    "cu": ("Cu", 3.6149, 3.6149, 90, 225, (0, 0, 0), 0.55),
    "fe": ("Fe", 2.8665, 2.8665, 90, 229, (0, 0, 0), 0.35),
    "si": ("Si", 5.4310, 5.4310, 90, 227, (0, 0, 0), 0.46),
    "ti": ("Ti", 2.9506, 4.6835, 120, 194, (1 / 3, 2 / 3, 1 / 4), 0.50),
}
cubic_hkl = [(1, 0, 0), (1, 1, 0), (1, 1, 1), (2, 0, 0), (2, 2, 0), (3, 1, 1), (2, 2, 2), (4, 0, 0), (3, 3, 1), (4, 2, 0), (1, 2, 3)]
hex_hkl = [(1, 0, 0), (0, 0, 1), (0, 0, 2), (1, 0, 1), (1, 0, 2), (1, 1, 0), (1, 0, 3), (2, 0, 1), (1, 1, 2), (0, 1, 1)]
out = {"wavelength_nm": {str(kv): get_electron_wavelength(kv) / 10 for kv in (10, 20, 30)}, "phases": {}}
lam20 = get_electron_wavelength(20)
for name, (element, a, c, gamma, sg, xyz, b) in phases.items():
    lattice = Lattice(a, a, c, 90, 90, gamma)
    positions = expandPosition(GetSpaceGroup(sg), np.array(xyz))[0]
    atom = Atom(element, xyz, lattice=lattice)
    atom.Bisoequiv = b
    volume = lattice.volume
    entries = []
    for hkl in (hex_hkl if gamma == 120 else cubic_hkl):
        g = np.array(hkl, dtype=float)
        d = 1 / np.sqrt(g @ lattice.reciprocal().metrics @ g)  # angstrom
        s = 1 / (2 * d)
        f = get_doyleturner_atomic_scattering_factor(atom, s, volume) * volume / 47.87801
        F = sum(f * np.exp(2j * np.pi * np.dot(g, p)) for p in positions)
        entries.append(dict(hkl=list(hkl), d_nm=d / 10, F_real=F.real, F_imag=F.imag,
                            bragg_rad_20kv=float(np.arcsin(lam20 / (2 * d)))))
    out["phases"][name] = dict(atoms=len(positions), reflectors=entries)
json.dump(out, open(os.path.join(here, "kinematics.json"), "w"), indent=1)
print("wrote kinematics.json")
