import Foundation

/// The relativistic de Broglie wavelength of electrons accelerated through a potential:
/// lambda = h / sqrt(2 m0 e V (1 + e V / (2 m0 c^2))), with the CODATA 2018 exact h, e, c and m0.
/// At 20 kV this is 8.5885 pm.
public enum ElectronWavelength {
    private static let planck = 6.626_070_15e-34  // J s
    private static let electronMass = 9.109_383_7015e-31  // kg
    private static let elementaryCharge = 1.602_176_634e-19  // C
    private static let speedOfLight = 299_792_458.0  // m / s

    /// The wavelength in nanometres at `kilovolts`.
    public static func nanometres(kilovolts: Double) -> Double {
        let energy = elementaryCharge * kilovolts * 1000
        let momentum = (2 * electronMass * energy * (1 + energy / (2 * electronMass * speedOfLight * speedOfLight))).squareRoot()
        return planck / momentum * 1e9
    }
}
