import Foundation

/// Electron atomic scattering factors of Doyle & Turner (1968), Acta Cryst. A24, 390-397,
/// Table 3 (relativistic Hartree-Fock atoms): four Gaussians,
///   f_e(s) = sum_i a_i exp(-b_i s^2)   (angstrom),  s = sin(theta) / lambda = 1 / (2 d)  (1/angstrom),
/// times the Debye-Waller factor exp(-B s^2) of the atom's thermal vibration (B in angstrom^2).
/// The coefficients were typed in from the table for the elements the simulator knows.
public struct AtomicScatteringFactor: Sendable {
    public let element: String
    public let a: [Double]
    public let b: [Double]

    /// The element's symbol (Al, Si, Ti, Fe, Ni, Cu); nil for one the table here does not hold.
    public init?(element: String) {
        switch element.lowercased() {
        case "al": (a, b) = ([2.276, 2.428, 0.858, 0.317], [72.322, 19.773, 3.080, 0.408])
        case "si": (a, b) = ([2.129, 2.533, 0.835, 0.322], [57.775, 16.476, 2.880, 0.386])
        case "ti": (a, b) = ([3.565, 2.818, 1.893, 0.483], [81.982, 19.049, 3.590, 0.386])
        case "fe": (a, b) = ([2.544, 2.343, 1.759, 0.506], [64.424, 14.880, 2.854, 0.350])
        case "ni": (a, b) = ([2.210, 2.134, 1.689, 0.524], [58.727, 13.553, 2.609, 0.339])
        case "cu": (a, b) = ([1.579, 1.820, 1.658, 0.532], [62.940, 12.453, 2.504, 0.333])
        default: return nil
        }
        self.element = element
    }

    /// f_e(s) exp(-B s^2) in angstrom, for s in 1/angstrom and the Debye-Waller B in angstrom^2.
    public func value(s: Double, debyeWaller: Double = 0) -> Double {
        let s2 = s * s
        var f = 0.0
        for i in 0..<4 { f += a[i] * exp(-b[i] * s2) }
        return f * exp(-debyeWaller * s2)
    }
}
