import Foundation

/// A crystal orientation as Bunge Euler angles (phi1, Phi, phi2) in degrees, in the EDAX/TSL
/// sample frame, read the way orix, kikuchipy and PyEBSDIndex read them.
///
/// The angles rotate the sample frame into the crystal frame (Z, X', Z''), so the orientation
/// matrix g, whose rows are the crystal axes in sample coordinates, takes a direction in sample
/// coordinates to crystal coordinates: v_crystal = g v_sample (orix's `Rotation.from_euler` gives
/// this same matrix with `to_matrix()`).
public struct EulerAngles: Equatable, Sendable {
    public var phi1: Double
    public var Phi: Double
    public var phi2: Double

    public init(phi1: Double, Phi: Double, phi2: Double) {
        self.phi1 = phi1
        self.Phi = Phi
        self.phi2 = phi2
    }

    /// g = Z(phi2) X(Phi) Z(phi1), rows:
    ///   ( c1 c2 - s1 s2 c,   s1 c2 + c1 s2 c,  s2 s)
    ///   (-c1 s2 - s1 c2 c,  -s1 s2 + c1 c2 c,  c2 s)
    ///   ( s1 s,             -c1 s,             c  )
    public var sampleToCrystal: Matrix3 {
        let r = Double.pi / 180
        let (c1, s1) = (cos(phi1 * r), sin(phi1 * r))
        let (c, s) = (cos(Phi * r), sin(Phi * r))
        let (c2, s2) = (cos(phi2 * r), sin(phi2 * r))
        return Matrix3(
            rows: SIMD3(c1 * c2 - s1 * s2 * c, s1 * c2 + c1 * s2 * c, s2 * s),
            SIMD3(-c1 * s2 - s1 * c2 * c, -s1 * s2 + c1 * c2 * c, c2 * s),
            SIMD3(s1 * s, -c1 * s, c))
    }

    /// The Bunge angles of an orientation matrix g (sample to crystal), each in [0, 360) for phi1
    /// and phi2 and [0, 180] for Phi: Phi = acos(g33), phi1 = atan2(g31, -g32),
    /// phi2 = atan2(g13, g23); when Phi is 0 or 180 degrees only phi1 + phi2 (or phi1 - phi2) is
    /// defined and phi2 is set to 0.
    public init(sampleToCrystal g: Matrix3) {
        let d = 180 / Double.pi
        let cosPhi = min(max(g.row3.z, -1), 1)
        let Phi = acos(cosPhi)
        var phi1: Double, phi2: Double
        if abs(sin(Phi)) > 1e-9 {
            phi1 = atan2(g.row3.x, -g.row3.y)
            phi2 = atan2(g.row1.z, g.row2.z)
        } else {
            // g11 = cos(phi1 + phi2) when Phi = 0, cos(phi1 - phi2) when Phi = 180; g12 the sine.
            phi1 = atan2(g.row1.y, g.row1.x)
            phi2 = 0
        }
        func wrapped(_ a: Double) -> Double { let w = (a * d).truncatingRemainder(dividingBy: 360); return w < 0 ? w + 360 : w }
        self.init(phi1: wrapped(phi1), Phi: Phi * d, phi2: wrapped(phi2))
    }

    /// An orientation drawn uniformly on SO(3) (Haar measure): Shoemake's unit quaternion from
    /// three uniform numbers u1, u2, u3,
    ///   q = (sqrt(1-u1) sin(2 pi u2), sqrt(1-u1) cos(2 pi u2), sqrt(u1) sin(2 pi u3), sqrt(u1) cos(2 pi u3)),
    /// turned into its rotation matrix and read back as Bunge angles.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> EulerAngles {
        let u1 = Double.random(in: 0..<1, using: &generator)
        let u2 = Double.random(in: 0..<1, using: &generator)
        let u3 = Double.random(in: 0..<1, using: &generator)
        let a = (1 - u1).squareRoot(), b = u1.squareRoot()
        let (w, x, y, z) = (a * sin(2 * .pi * u2), a * cos(2 * .pi * u2), b * sin(2 * .pi * u3), b * cos(2 * .pi * u3))
        let m = Matrix3(
            rows: SIMD3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
            SIMD3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
            SIMD3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)))
        return EulerAngles(sampleToCrystal: m)
    }
}
