import Foundation

/// One Kikuchi band's plane: Miller indices, unit plane normal in the crystal frame, d-spacing,
/// kinematical intensity |F|^2 and Bragg angle at a beam energy.
public struct Reflector: Sendable {
    public let hkl: SIMD3<Int>
    /// Unit normal of the plane (direction of g) in the Cartesian crystal frame.
    public let normal: SIMD3<Double>
    /// Interplanar spacing in nanometres, 1 / |g|.
    public let dSpacing: Double
    /// |F(hkl)|^2 in angstrom^2.
    public let intensity: Double
    /// Bragg angle in radians: sin(theta) = lambda / (2 d).
    public let braggAngle: Double

    /// The reflectors of `phase` at `kilovolts`: every (hkl) with d >= `minimumDSpacing` (nm) and
    /// |F|^2 >= `minimumRelativeIntensity` times the largest |F|^2, one of each pair g, -g (they
    /// draw the same band), strongest first.
    public static func list(
        for phase: CrystalPhase, kilovolts: Double, minimumDSpacing: Double = 0.07,
        minimumRelativeIntensity: Double = 0.08
    ) -> [Reflector] {
        let lambda = ElectronWavelength.nanometres(kilovolts: kilovolts)
        let reach = Int((max(phase.a, phase.c) / minimumDSpacing).rounded(.up)) + 1
        var found: [Reflector] = []
        for h in -reach...reach {
            for k in -reach...reach {
                for l in -reach...reach where (h, k, l) != (0, 0, 0) {
                    // One of g and -g: the first non-zero index positive.
                    let first = h != 0 ? h : (k != 0 ? k : l)
                    guard first > 0 else { continue }
                    let hkl = SIMD3(Double(h), Double(k), Double(l))
                    let g = phase.reciprocalVector(hkl)
                    let length = (g * g).sum().squareRoot()
                    let d = 1 / length
                    guard d >= minimumDSpacing, lambda / (2 * d) < 1 else { continue }
                    let f = phase.structureFactor(hkl)
                    found.append(
                        Reflector(
                            hkl: SIMD3(h, k, l), normal: g / length, dSpacing: d,
                            intensity: f.real * f.real + f.imaginary * f.imaginary,
                            braggAngle: asin(lambda / (2 * d))))
                }
            }
        }
        let strongest = found.map(\.intensity).max() ?? 0
        return found.filter { $0.intensity >= minimumRelativeIntensity * strongest && $0.intensity > 1e-9 }
            .sorted { $0.intensity > $1.intensity }
    }
}
