import Foundation
import KikuchiSim

/// A rotation as a unit quaternion q = (w, x, y, z) = (cos(omega/2), sin(omega/2) n).
///
/// The rotation matrix is the active one, R(q) v = q v q*:
///   ( 1 - 2(y^2 + z^2),  2(xy - wz),        2(xz + wy)       )
///   ( 2(xy + wz),        1 - 2(x^2 + z^2),  2(yz - wx)       )
///   ( 2(xz - wy),        2(yz + wx),        1 - 2(x^2 + y^2) )
/// An orientation is held as the q whose R(q) is its matrix g (sample to crystal, as
/// `EulerAngles.sampleToCrystal`), so that R(p q) = R(p) R(q) and a crystal symmetry s (a rotation
/// of the crystal frame) makes s q an equivalent orientation. orix's `Rotation.from_euler` gives
/// the same quaternion.
public struct UnitQuaternion: Equatable, Sendable {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double

    public init(w: Double, x: Double, y: Double, z: Double) {
        (self.w, self.x, self.y, self.z) = (w, x, y, z)
    }

    public static let identity = UnitQuaternion(w: 1, x: 0, y: 0, z: 0)

    /// The rotation by `angle` radians about `axis` (need not be unit; a zero axis gives the identity).
    public init(axis: SIMD3<Double>, angle: Double) {
        let length = (axis * axis).sum().squareRoot()
        guard length > 0 else {
            self = .identity
            return
        }
        let s = sin(angle / 2) / length
        self.init(w: cos(angle / 2), x: axis.x * s, y: axis.y * s, z: axis.z * s)
    }

    /// The rotation exp(v): by |v| radians about v.
    public init(rotationVector v: SIMD3<Double>) {
        self.init(axis: v, angle: (v * v).sum().squareRoot())
    }

    /// The orientation of Bunge angles `euler`.
    public init(_ euler: EulerAngles) {
        self.init(matrix: euler.sampleToCrystal)
    }

    /// The quaternion of a rotation matrix, by the largest of 1 + trace and the 1 + 2 m_ii - trace
    /// (Shepperd's choice, stable for every angle), with w >= 0.
    public init(matrix m: Matrix3) {
        let (m11, m22, m33) = (m.row1.x, m.row2.y, m.row3.z)
        let trace = m11 + m22 + m33
        let candidates = [1 + trace, 1 + 2 * m11 - trace, 1 + 2 * m22 - trace, 1 + 2 * m33 - trace]
        let largest = candidates.indices.max { candidates[$0] < candidates[$1] }!
        let s = 2 * max(candidates[largest], 0).squareRoot()
        var q: UnitQuaternion
        switch largest {
        case 0:
            q = UnitQuaternion(w: s / 4, x: (m.row3.y - m.row2.z) / s, y: (m.row1.z - m.row3.x) / s, z: (m.row2.x - m.row1.y) / s)
        case 1:
            q = UnitQuaternion(w: (m.row3.y - m.row2.z) / s, x: s / 4, y: (m.row1.y + m.row2.x) / s, z: (m.row1.z + m.row3.x) / s)
        case 2:
            q = UnitQuaternion(w: (m.row1.z - m.row3.x) / s, x: (m.row1.y + m.row2.x) / s, y: s / 4, z: (m.row2.z + m.row3.y) / s)
        default:
            q = UnitQuaternion(w: (m.row2.x - m.row1.y) / s, x: (m.row1.z + m.row3.x) / s, y: (m.row2.z + m.row3.y) / s, z: s / 4)
        }
        if q.w < 0 { q = -q }
        self = q.normalized
    }

    public var vector: SIMD3<Double> { SIMD3(x, y, z) }

    public var conjugate: UnitQuaternion { UnitQuaternion(w: w, x: -x, y: -y, z: -z) }

    public var normalized: UnitQuaternion {
        let n = (w * w + x * x + y * y + z * z).squareRoot()
        return UnitQuaternion(w: w / n, x: x / n, y: y / n, z: z / n)
    }

    /// The rotation angle in [0, pi] radians (q and -q are the same rotation).
    public var angle: Double { 2 * acos(min(abs(w), 1)) }

    public static prefix func - (q: UnitQuaternion) -> UnitQuaternion {
        UnitQuaternion(w: -q.w, x: -q.x, y: -q.y, z: -q.z)
    }

    /// The Hamilton product: the rotation q after p is q p.
    public static func * (a: UnitQuaternion, b: UnitQuaternion) -> UnitQuaternion {
        UnitQuaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    /// R(q), the matrix above.
    public var matrix: Matrix3 {
        Matrix3(
            rows: SIMD3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
            SIMD3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
            SIMD3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)))
    }

    /// The Bunge angles of the orientation whose matrix is R(q).
    public var eulerAngles: EulerAngles { EulerAngles(sampleToCrystal: matrix) }
}
