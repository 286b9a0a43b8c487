import Foundation

/// The square Lambert (Rosca-Lambert) equal-area projection of a hemisphere onto the square
/// [-1, 1] x [-1, 1], as EMsoft stores master patterns (Rosca 2010; Callahan & De Graef 2013).
///
/// A unit vector (x, y, z) maps, in the sector |y| <= |x|, to
///   X = sign(x) sqrt(2 (1 - |z|)) sqrt(pi) / 2,   Y = sign(x) sqrt(2 (1 - |z|)) (2 / sqrt(pi)) atan(y / x),
/// and with x and y swapped in the other sector; both are then divided by sqrt(pi / 2) so the
/// square's side runs from -1 to 1. The northern and southern hemispheres share the square
/// (|z| is used); the sign of z picks the hemisphere.
public enum SquareLambert {
    private static let sqrtPiOverTwo = Double.pi.squareRoot() / 2
    private static let twoOverSqrtPi = 2 / Double.pi.squareRoot()
    private static let sqrtHalfPi = (Double.pi / 2).squareRoot()

    /// The square coordinates (X, Y), each in [-1, 1], of the direction `v` (need not be unit).
    @inline(__always)
    public static func squareCoordinates(of v: SIMD3<Double>) -> (x: Double, y: Double) {
        let length = (v * v).sum().squareRoot()
        let x = v.x / length, y = v.y / length, z = v.z / length
        let absZ = abs(z)
        if absZ >= 1 { return (0, 0) }
        let radius = (2 * (1 - absZ)).squareRoot()
        if abs(y) <= abs(x) {
            let s: Double = x < 0 ? -1 : 1
            return (s * radius * sqrtPiOverTwo / sqrtHalfPi, s * radius * twoOverSqrtPi * atan(y / x) / sqrtHalfPi)
        } else {
            let s: Double = y < 0 ? -1 : 1
            return (s * radius * twoOverSqrtPi * atan(x / y) / sqrtHalfPi, s * radius * sqrtPiOverTwo / sqrtHalfPi)
        }
    }

    /// The unit vector of the northern hemisphere (z >= 0) at square coordinates (X, Y) in
    /// [-1, 1]: the inverse of `squareCoordinates`. With a = X sqrt(pi/2), b = Y sqrt(pi/2) and
    /// |b| <= |a|: q = 2 a sqrt(pi - a^2) / pi, angle = b pi / (4 a),
    /// v = (q cos(angle), q sin(angle), 1 - 2 a^2 / pi); the other sector swaps the roles.
    public static func northernDirection(x: Double, y: Double) -> SIMD3<Double> {
        let a = x * sqrtHalfPi, b = y * sqrtHalfPi
        if a == 0 && b == 0 { return SIMD3(0, 0, 1) }
        if abs(b) <= abs(a) {
            let q = 2 * a * (Double.pi - a * a).squareRoot() / Double.pi
            let angle = b * Double.pi / (4 * a)
            return SIMD3(q * cos(angle), q * sin(angle), 1 - 2 * a * a / Double.pi)
        } else {
            let q = 2 * b * (Double.pi - b * b).squareRoot() / Double.pi
            let angle = a * Double.pi / (4 * b)
            return SIMD3(q * sin(angle), q * cos(angle), 1 - 2 * b * b / Double.pi)
        }
    }
}
