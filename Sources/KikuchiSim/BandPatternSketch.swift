import Foundation

/// A quick geometric sketch of Kikuchi patterns: bands of the fcc {111}, {200}, {220} and {311}
/// planes seen on a flat detector through the gnomonic projection, on a bright-centred background.
///
/// Each pixel looks along the unit vector r from the source point to the detector pixel; a
/// plane with unit normal n lights the pixel when |r . n| < sin(theta), theta being the band's
/// half-width (Bragg angle, larger for larger |g|). It carries none of the physics of the full
/// kinematical simulator (structure factors, Lambert master patterns): it exists so that the demo
/// and tests have pattern-like data with bands that move with orientation.
public struct BandPatternSketch {
    public var width: Int
    public var height: Int
    /// Pattern centre as fractions of width and height, and detector distance as a fraction of the width.
    public var patternCentre: (x: Double, y: Double, z: Double) = (0.5, 0.5, 0.6)

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Plane normals (unnormalised Miller indices) and band half-widths in radians for a 20 kV
    /// fcc nickel-like lattice: theta = asin(lambda |g| / 2), lambda = 8.6 pm, a = 352 pm.
    static let families: [(normal: [Double], halfWidth: Double, strength: Double)] = {
        let lambda = 0.0086, a = 0.352
        var result: [(normal: [Double], halfWidth: Double, strength: Double)] = []
        let bases: [([Double], Double)] = [([1, 1, 1], 1.0), ([2, 0, 0], 0.8), ([2, 2, 0], 0.55), ([3, 1, 1], 0.4)]
        for (base, strength) in bases {
            let g = sqrt(base.reduce(0) { $0 + $1 * $1 }) / a
            let theta = asin(lambda * g / 2)
            var seen = Set<[Double]>()
            for permutation in BandPatternSketch.permutations(of: base) {
                for signs in 0..<8 {
                    let n = permutation.enumerated().map { i, v in (signs >> i) & 1 == 1 ? -v : v }
                    let canonical = n.first(where: { $0 != 0 })! < 0 ? n.map { -$0 } : n
                    if seen.insert(canonical).inserted {
                        result.append((canonical, theta * 4, strength))  // widened 4x to read at small sizes
                    }
                }
            }
        }
        return result
    }()

    private static func permutations(of v: [Double]) -> [[Double]] {
        [[v[0], v[1], v[2]], [v[0], v[2], v[1]], [v[1], v[0], v[2]], [v[1], v[2], v[0]], [v[2], v[0], v[1]], [v[2], v[1], v[0]]]
    }

    /// A noise-free pattern for the crystal orientation given by the rotation matrix `rotation`
    /// (rows: crystal axes in detector coordinates), values in [0, 1].
    public func pattern(rotation: [[Double]]) -> [Float] {
        let normals = BandPatternSketch.families.map { family -> ([Double], Double, Double) in
            let n = family.normal
            let length = sqrt(n.reduce(0) { $0 + $1 * $1 })
            let rotated = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + rotation[$1][i] * n[$1] / length } }
            return (rotated, sin(family.halfWidth), family.strength)
        }
        var values = [Float](repeating: 0, count: width * height)
        let w = Double(width), h = Double(height)
        let distance = patternCentre.z * w
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x) + 0.5 - patternCentre.x * w
                let dy = Double(y) + 0.5 - patternCentre.y * h
                let norm = sqrt(dx * dx + dy * dy + distance * distance)
                let r = [dx / norm, dy / norm, distance / norm]
                var intensity = 0.0
                for (n, halfWidth, strength) in normals {
                    let s = abs(r[0] * n[0] + r[1] * n[1] + r[2] * n[2])
                    if s < halfWidth { intensity += strength * (1 - 0.3 * s / halfWidth) }
                }
                let background = 0.55 + 0.45 * (distance / norm)
                values[y * width + x] = Float(min(background * (0.45 + 0.35 * min(intensity, 1.5)), 1))
            }
        }
        return values
    }

    /// The rotation matrix of Bunge Euler angles (phi1, Phi, phi2) in radians.
    public static func rotation(phi1: Double, Phi: Double, phi2: Double) -> [[Double]] {
        let (c1, s1, c, s, c2, s2) = (cos(phi1), sin(phi1), cos(Phi), sin(Phi), cos(phi2), sin(phi2))
        return [
            [c1 * c2 - s1 * s2 * c, s1 * c2 + c1 * s2 * c, s2 * s],
            [-c1 * s2 - s1 * c2 * c, -s1 * s2 + c1 * c2 * c, c2 * s],
            [s1 * s, -c1 * s, c],
        ]
    }
}
