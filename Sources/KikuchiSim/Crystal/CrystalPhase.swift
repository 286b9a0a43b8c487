import Foundation

/// A crystal structure the simulator knows: lattice, atoms of the conventional cell, scattering
/// factor and Debye-Waller factor.
///
/// The Cartesian crystal frame is EMsoft's and orix's: a along x; for the hexagonal lattice b at
/// 120 degrees in the x-y plane and c along z. Lattice constants are room-temperature values
/// (Pearson's Handbook; the Ni value is the one of the EMsoft Ni master pattern in kikuchipy's
/// data); Debye-Waller B factors are room-temperature values rounded from Peng, Ren, Dudarev &
/// Whelan (1996), Acta Cryst. A52, 456-470.
public struct CrystalPhase: Sendable {
    public enum Lattice: String, Sendable { case cubic, hexagonal }

    public let name: String
    public let lattice: Lattice
    /// Lattice constants in nanometres (c only for the hexagonal lattice).
    public let a: Double
    public let c: Double
    /// Fractional coordinates of every atom in the conventional cell.
    public let atoms: [SIMD3<Double>]
    public let scattering: AtomicScatteringFactor
    /// Debye-Waller B in angstrom^2.
    public let debyeWaller: Double
    /// The families PyEBSDIndex and kikuchipy index with for this structure type.
    public let structureType: String

    public static let names = ["ni", "al", "cu", "fe", "si", "ti"]

    /// The phase named `name` (ni, al, cu, fe, si, ti; case-insensitive), nil if unknown.
    public init?(name: String) {
        let fcc: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(0, 0.5, 0.5), SIMD3(0.5, 0, 0.5), SIMD3(0.5, 0.5, 0)]
        let key = name.lowercased()
        switch key {
        case "ni": self.init(key, .cubic, a: 0.35236, atoms: fcc, element: "Ni", b: 0.35, type: "fcc")
        case "al": self.init(key, .cubic, a: 0.40495, atoms: fcc, element: "Al", b: 0.85, type: "fcc")
        case "cu": self.init(key, .cubic, a: 0.36149, atoms: fcc, element: "Cu", b: 0.55, type: "fcc")
        case "fe": self.init(key, .cubic, a: 0.28665, atoms: [SIMD3(0, 0, 0), SIMD3(0.5, 0.5, 0.5)], element: "Fe", b: 0.35, type: "bcc")
        case "si": self.init(key, .cubic, a: 0.54310, atoms: fcc + fcc.map { $0 + SIMD3(0.25, 0.25, 0.25) }, element: "Si", b: 0.46, type: "diamond")
        case "ti":
            self.init(
                key, .hexagonal, a: 0.29506, c: 0.46835,
                atoms: [SIMD3(1.0 / 3, 2.0 / 3, 0.25), SIMD3(2.0 / 3, 1.0 / 3, 0.75)], element: "Ti", b: 0.50, type: "hcp")
        default: return nil
        }
    }

    private init(_ name: String, _ lattice: Lattice, a: Double, c: Double? = nil, atoms: [SIMD3<Double>], element: String, b: Double, type: String) {
        self.name = name
        self.lattice = lattice
        self.a = a
        self.c = c ?? a
        self.atoms = atoms
        scattering = AtomicScatteringFactor(element: element)!
        debyeWaller = b
        structureType = type
    }

    /// The direct lattice vectors as columns (nm), in the Cartesian crystal frame.
    public var directBasis: Matrix3 {
        switch lattice {
        case .cubic:
            return Matrix3(columns: SIMD3(a, 0, 0), SIMD3(0, a, 0), SIMD3(0, 0, a))
        case .hexagonal:
            return Matrix3(columns: SIMD3(a, 0, 0), SIMD3(-a / 2, a * 3.0.squareRoot() / 2, 0), SIMD3(0, 0, c))
        }
    }

    /// The reciprocal lattice vector g = h a* + k b* + l c* (1/nm, Cartesian crystal frame) of
    /// the plane (hkl): the rows of the inverse of the direct basis are a*, b*, c*.
    public func reciprocalVector(_ hkl: SIMD3<Double>) -> SIMD3<Double> {
        let reciprocal = directBasis.inverse
        return reciprocal.row1 * hkl.x + reciprocal.row2 * hkl.y + reciprocal.row3 * hkl.z
    }

    /// The kinematical structure factor F(hkl) = sum_atoms f(s) exp(2 pi i (h x + k y + l z)),
    /// s = |g| / 2, as (real, imaginary) in angstrom.
    public func structureFactor(_ hkl: SIMD3<Double>) -> (real: Double, imaginary: Double) {
        let s = (reciprocalVector(hkl) * reciprocalVector(hkl)).sum().squareRoot() / 2 / 10  // 1/nm -> 1/angstrom
        let f = scattering.value(s: s, debyeWaller: debyeWaller)
        var re = 0.0, im = 0.0
        for atom in atoms {
            let phase = 2 * Double.pi * (hkl * atom).sum()
            re += f * cos(phase)
            im += f * sin(phase)
        }
        return (re, im)
    }
}
