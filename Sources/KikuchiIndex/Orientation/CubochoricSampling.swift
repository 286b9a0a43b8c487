import Foundation

/// Orientations sampled uniformly by the cubochoric grid (Singh and De Graef 2016; the cube-to-ball
/// map of Rosca, Morawiec and De Graef 2014), as orix's `get_sample_fundamental(method="cubochoric")`
/// samples them.
///
/// The cube of semi-edge a = pi^(2/3) / 2 holds the points (i, j, k) a / N for i, j, k in
/// -N+1 ... N (the faces at -a are left out: they repeat those at +a). Each point is mapped to the
/// homochoric ball of radius (3 pi / 4)^(1/3) by the equal-volume map, the ball point h to the
/// rotation angle omega with |h|^3 = (3/4)(omega - sin omega) about the axis h / |h|, and that
/// rotation kept when it lies in the point group's fundamental zone: orix's quaternion
/// (cos(omega/2), sin(omega/2) n), so the sample is the set of orientations orix gives.
///
/// The number of steps N for a mean nearest-neighbour angle of `resolution` degrees is
/// round(131.97049 / (resolution - 0.03732)), the fit of Singh and De Graef (their Eq. 9).
public enum CubochoricSampling {
    /// The cube's semi-edge pi^(2/3) / 2.
    public static let semiEdge = pow(Double.pi, 2.0 / 3) / 2

    /// N for a mean angle of `resolution` degrees (at least 1).
    public static func semiEdgeSteps(resolution: Double) -> Int {
        max(1, Int((131.97049 / (resolution - 0.03732)).rounded()))
    }

    /// The orientations of the grid with `steps` points along the semi-edge inside the
    /// fundamental zone of `group`, in grid order (i slowest, k fastest).
    public static func orientations(steps: Int, in group: PointGroup) -> [UnitQuaternion] {
        precondition(steps >= 1)
        let step = semiEdge / Double(steps)
        var out: [UnitQuaternion] = []
        out.reserveCapacity(8 * steps * steps * steps / max(group.rotations.count, 1) + 16)
        for i in (-steps + 1)...steps {
            for j in (-steps + 1)...steps {
                for k in (-steps + 1)...steps {
                    let q = rotation(cube: SIMD3(Double(i), Double(j), Double(k)) * step)
                    if group.contains(q, tolerance: 1e-9) { out.append(q) }
                }
            }
        }
        return out
    }

    /// The orientation of the cube point `c` (|c_i| <= semiEdge).
    public static func rotation(cube c: SIMD3<Double>) -> UnitQuaternion {
        let h = ball(cube: c)
        let r = (h * h).sum().squareRoot()
        guard r > 0 else { return .identity }
        let omega = angle(homochoricRadius: r)
        return UnitQuaternion(axis: h, angle: omega)
    }

    /// The equal-volume map of the cube onto the ball. The cube is cut into six pyramids about the
    /// axes; in the pyramid of the z axis (|x|, |y| <= |z|, the others rotated onto it), with the
    /// coordinates scaled by (pi / 6)^(1/6):
    /// - on the z axis, h = (0, 0, sqrt(6 / pi) z);
    /// - else, for |y| <= |x| (x and y swapped otherwise), t = pi y / (12 x) and
    ///   q = 2^(1/4) sqrt(6 / pi) x / sqrt(sqrt 2 - cos t) give the square-to-disc point
    ///   T = ((sqrt 2 cos t - 1) q, sqrt 2 sin t q), and with c = T1^2 + T2^2,
    ///   h = (T sqrt(1 - pi c / (24 z^2)), sqrt(6 / pi) z - sqrt(pi) c / (sqrt(24) z)).
    public static func ball(cube c: SIMD3<Double>) -> SIMD3<Double> {
        let a = SIMD3(Swift.abs(c.x), Swift.abs(c.y), Swift.abs(c.z))
        guard a.max() > 0 else { return .zero }
        // Which pyramid: z first, then x, then y, each rotated so that its axis is the last.
        let pyramid: Int
        if a.x <= a.z && a.y <= a.z {
            pyramid = 0
        } else if a.y <= a.x && a.z <= a.x {
            pyramid = 1
        } else {
            pyramid = 2
        }
        let p: SIMD3<Double>
        switch pyramid {
        case 0: p = c
        case 1: p = SIMD3(c.y, c.z, c.x)
        default: p = SIMD3(c.z, c.x, c.y)
        }
        let s = p * pow(Double.pi / 6, 1.0 / 6)
        let root6pi = (6 / Double.pi).squareRoot(), sqrt2 = 2.0.squareRoot()
        var h: SIMD3<Double>
        if max(abs(s.x), abs(s.y)) == 0 {
            h = SIMD3(0, 0, root6pi * s.z)
        } else {
            let prefactor = pow(2, 0.25) * root6pi
            let t1: Double, t2: Double
            if abs(s.y) <= abs(s.x) {
                let t = Double.pi / 12 * s.y / s.x
                let q = prefactor * s.x / (sqrt2 - cos(t)).squareRoot()
                (t1, t2) = ((sqrt2 * cos(t) - 1) * q, sqrt2 * sin(t) * q)
            } else {
                let t = Double.pi / 12 * s.x / s.y
                let q = prefactor * s.y / (sqrt2 - cos(t)).squareRoot()
                (t1, t2) = (sqrt2 * sin(t) * q, (sqrt2 * cos(t) - 1) * q)
            }
            let cc = t1 * t1 + t2 * t2
            let shrink = (1 - Double.pi * cc / (24 * s.z * s.z)).squareRoot()
            h = SIMD3(t1 * shrink, t2 * shrink, root6pi * s.z - Double.pi.squareRoot() * cc / (24.0.squareRoot() * s.z))
        }
        switch pyramid {
        case 0: return h
        case 1: return SIMD3(h.z, h.x, h.y)
        default: return SIMD3(h.y, h.z, h.x)
        }
    }

    /// The rotation angle omega in [0, pi] of a homochoric radius r: the root of
    /// (3/4)(omega - sin omega) = r^3, by Newton's method (the left side is convex and increasing on
    /// [0, pi]: from the start below the root the first step lands above it, and the iterates then
    /// fall monotonically onto it).
    public static func angle(homochoricRadius r: Double) -> Double {
        let target = r * r * r * 4 / 3
        guard target > 0 else { return 0 }
        if target >= Double.pi { return Double.pi }
        // omega - sin omega <= omega^3 / 6, so this start is at or below the root.
        var omega = min(cbrt(6 * target), Double.pi)
        for _ in 0..<60 {
            let f = omega - sin(omega) - target
            let slope = 1 - cos(omega)
            guard slope > 0 else { break }
            let next = omega - f / slope
            if abs(next - omega) < 1e-15 { omega = next; break }
            omega = next
        }
        return min(max(omega, 0), Double.pi)
    }
}
