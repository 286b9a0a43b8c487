import Foundation
import KikuchiSim

/// Inverse-pole-figure colours of orientations: the crystal direction h = g v of a sample
/// direction v (the normal, z, for an IPF-Z map) reduced to the fundamental sector of the
/// crystal's Laue group and coloured by where it lies in that spherical triangle: red at its first
/// corner, green at the second, blue at the third, as EDAX OIM and orix colour them (m-3m:
/// [001] red, [101] green, [111] blue; 6/mmm: [0001], [2-1-10], [10-10]; 4/mmm: [001], [100],
/// [110]; mmm: [001], [100], [010]).
///
/// Each group is coloured with the sector of its lattice's holohedry (23 as m-3m; 3, 32 and 6 as
/// 6/mmm; 4 as 4/mmm; 1 and 2 as mmm): the sectors orix draws for those groups are larger than a
/// triangle, and a lower group's two halves of such a sector share a colour here.
///
/// The colour of h in the triangle with corners c_1, c_2, c_3 is w / max(w), where w_i is the
/// angular distance of h from the great circle through the other two corners divided by that of
/// c_i (1 at c_i, 0 on the opposite edge): white near the middle of the sector.
public struct IPFColourKey: Sendable {
    /// The Laue group's sector corners, red, green, blue.
    public let corners: [SIMD3<Double>]
    /// The proper rotations of the holohedry; with the inversion they make its Laue group.
    private let rotations: [Matrix3]
    /// Per corner, the unit normal of the great circle through the other two, pointing at the corner.
    private let edgeNormals: [SIMD3<Double>]

    /// The key of `group`'s holohedry.
    public init(group: PointGroup) {
        let root3 = 3.0.squareRoot()
        let holohedry: String, corners: [SIMD3<Double>]
        switch group.name {
        case "23", "432":
            holohedry = "432"
            corners = [SIMD3(0, 0, 1), SIMD3(1, 0, 1) / 2.0.squareRoot(), SIMD3(1, 1, 1) / root3]
        case "3", "32", "6", "622":
            holohedry = "622"
            corners = [SIMD3(0, 0, 1), SIMD3(1, 0, 0), SIMD3(root3 / 2, 0.5, 0)]
        case "4", "422":
            holohedry = "422"
            corners = [SIMD3(0, 0, 1), SIMD3(1, 0, 0), SIMD3(1, 1, 0) / 2.0.squareRoot()]
        default:
            holohedry = "222"
            corners = [SIMD3(0, 0, 1), SIMD3(1, 0, 0), SIMD3(0, 1, 0)]
        }
        self.corners = corners
        rotations = PointGroup(name: holohedry)!.rotations.map(\.matrix)
        edgeNormals = (0..<3).map { i in
            let n = Self.unit(Self.cross(corners[(i + 1) % 3], corners[(i + 2) % 3]))
            return (n * corners[i]).sum() < 0 ? -n : n
        }
    }

    /// The equivalent of the direction h (need not be unit) in the sector.
    public func sector(_ h: SIMD3<Double>) -> SIMD3<Double> {
        let u = Self.unit(h)
        var best = u, worst = -Double.infinity
        for s in rotations {
            for sign in [1.0, -1.0] {
                let candidate = sign * (s * u)
                // The least negative distance to the three edges: >= 0 inside (up to rounding).
                let inside = edgeNormals.map { ($0 * candidate).sum() }.min()!
                if inside >= -1e-12 { return candidate }
                if inside > worst { (best, worst) = (candidate, inside) }
            }
        }
        return best
    }

    /// The colour, each channel 0...1, of the crystal direction h.
    public func colour(ofDirection h: SIMD3<Double>) -> SIMD3<Double> {
        let v = sector(h)
        let w = (0..<3).map { i in
            max(0, asin(min(1, (edgeNormals[i] * v).sum())) / asin(min(1, (edgeNormals[i] * corners[i]).sum())))
        }
        let largest = w.max()!
        return largest > 0 ? SIMD3(w[0], w[1], w[2]) / largest : SIMD3(1, 1, 1)
    }

    /// The colour of orientation q for the sample direction `sample` (default the normal, z).
    public func colour(of q: UnitQuaternion, sample: SIMD3<Double> = SIMD3(0, 0, 1)) -> SIMD3<Double> {
        colour(ofDirection: q.matrix * sample)
    }

    /// The 8-bit red, green, blue of every orientation in turn.
    public func rgb(_ orientations: [UnitQuaternion], sample: SIMD3<Double> = SIMD3(0, 0, 1)) -> [UInt8] {
        orientations.flatMap { q -> [UInt8] in
            let c = colour(of: q, sample: sample)
            return [c.x, c.y, c.z].map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
        }
    }

    private static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    private static func unit(_ v: SIMD3<Double>) -> SIMD3<Double> {
        let length = (v * v).sum().squareRoot()
        return length > 0 ? v / length : SIMD3(0, 0, 1)
    }
}

extension IPFColourKey {
    /// The key itself: the sector in stereographic projection from the south pole
    /// (x, y) = (v_x, v_y) / (1 + v_z), `size` pixels on its longer side, each pixel in the sector in
    /// its colour and every other white; returns the RGB samples and the picture's size.
    public func picture(size: Int) -> (rgb: [UInt8], width: Int, height: Int) {
        let projected = corners.map { SIMD2($0.x / (1 + $0.z), $0.y / (1 + $0.z)) }
        let low = projected.reduce(projected[0]) { pointwiseMin($0, $1) }
        let high = projected.reduce(projected[0]) { pointwiseMax($0, $1) }
        // The sector's edges bulge beyond its corners' box by at most a few per cent; a margin keeps them.
        let span = high - low, margin = 0.08 * max(span.x, span.y)
        let origin = low - margin, extent = span + 2 * margin
        let step = max(extent.x, extent.y) / Double(max(size - 1, 1))
        let width = Int((extent.x / step).rounded()) + 1, height = Int((extent.y / step).rounded()) + 1
        var rgb = [UInt8](repeating: 255, count: 3 * width * height)
        for row in 0..<height {
            for column in 0..<width {
                // Rows run downwards, y of the projection upwards.
                let x = origin.x + Double(column) * step, y = origin.y + Double(height - 1 - row) * step
                let r2 = x * x + y * y
                let v = SIMD3(2 * x, 2 * y, 1 - r2) / (1 + r2)
                guard edgeNormals.allSatisfy({ ($0 * v).sum() >= -1e-9 }) else { continue }
                let c = colour(ofDirection: v)
                for (k, value) in [c.x, c.y, c.z].enumerated() {
                    rgb[3 * (row * width + column) + k] = UInt8(max(0, min(255, (value * 255).rounded())))
                }
            }
        }
        return (rgb, width, height)
    }
}
