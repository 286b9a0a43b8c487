import Foundation

/// The proper rotations of a crystal's point group (its Laue class's rotation subgroup), which
/// make orientations equivalent: g and s g describe the same crystal for every s here.
///
/// The crystal frame is orix's and EMsoft's (`CrystalPhase`): for hexagonal groups a along x and c
/// along z, so the in-plane two-fold axes lie at multiples of 30 degrees from x.
public struct PointGroup: Equatable, Sendable {
    /// The proper point group's international symbol (432, 622, ...).
    public let name: String
    /// EDAX/TSL's symmetry code of the Laue class, as `.ang` headers carry it.
    public let tslSymmetry: Int
    public let rotations: [UnitQuaternion]

    private init(name: String, tslSymmetry: Int, rotations: [UnitQuaternion]) {
        self.name = name
        self.tslSymmetry = tslSymmetry
        self.rotations = rotations
    }

    /// The names `init(name:)` knows.
    public static let names = ["1", "2", "222", "4", "422", "3", "32", "6", "622", "23", "432"]

    /// The proper point group called `name` (its international symbol, or the Laue class's:
    /// m-3m for 432, 6/mmm for 622, ...), nil if unknown. The monoclinic axis is b (y).
    public init?(name: String) {
        let laue = [
            "-1": "1", "2/m": "2", "mmm": "222", "4/m": "4", "4/mmm": "422", "-3": "3", "-3m": "32", "6/m": "6", "6/mmm": "622", "m-3": "23", "m-3m": "432"
        ]
        let key = laue[name] ?? name
        let x = SIMD3<Double>(1, 0, 0), y = SIMD3<Double>(0, 1, 0), z = SIMD3<Double>(0, 0, 1)
        func about(_ axis: SIMD3<Double>, folds: Int) -> [UnitQuaternion] {
            (1..<folds).map { UnitQuaternion(axis: axis, angle: 2 * Double.pi * Double($0) / Double(folds)) }
        }
        /// The two-fold axes in the x-y plane every `step` degrees from x, `count` of them.
        func inPlaneDyads(step: Double, count: Int) -> [UnitQuaternion] {
            (0..<count).map { i in
                let a = Double(i) * step * Double.pi / 180
                return UnitQuaternion(axis: SIMD3(cos(a), sin(a), 0), angle: Double.pi)
            }
        }
        let one = [UnitQuaternion.identity]
        let dyads222 = [x, y, z].map { UnitQuaternion(axis: $0, angle: Double.pi) }
        let triads = [SIMD3<Double>(1, 1, 1), SIMD3(-1, 1, 1), SIMD3(1, -1, 1), SIMD3(1, 1, -1)].flatMap { about($0, folds: 3) }
        switch key {
        case "1": self.init(name: key, tslSymmetry: 1, rotations: one)
        case "2": self.init(name: key, tslSymmetry: 20, rotations: one + about(y, folds: 2))
        case "222": self.init(name: key, tslSymmetry: 22, rotations: one + dyads222)
        case "4": self.init(name: key, tslSymmetry: 4, rotations: one + about(z, folds: 4))
        case "422": self.init(name: key, tslSymmetry: 42, rotations: one + about(z, folds: 4) + inPlaneDyads(step: 45, count: 4))
        case "3": self.init(name: key, tslSymmetry: 3, rotations: one + about(z, folds: 3))
        case "32": self.init(name: key, tslSymmetry: 32, rotations: one + about(z, folds: 3) + inPlaneDyads(step: 120, count: 3))
        case "6": self.init(name: key, tslSymmetry: 6, rotations: one + about(z, folds: 6))
        case "622": self.init(name: key, tslSymmetry: 62, rotations: one + about(z, folds: 6) + inPlaneDyads(step: 30, count: 6))
        case "23": self.init(name: key, tslSymmetry: 23, rotations: one + dyads222 + triads)
        case "432":
            let faceDiagonals: [SIMD3<Double>] = [SIMD3(1, 1, 0), SIMD3(1, -1, 0), SIMD3(1, 0, 1), SIMD3(1, 0, -1), SIMD3(0, 1, 1), SIMD3(0, 1, -1)]
            let tetrads = [x, y, z].flatMap { about($0, folds: 4) }
            self.init(name: key, tslSymmetry: 43, rotations: one + tetrads + faceDiagonals.map { UnitQuaternion(axis: $0, angle: Double.pi) } + triads)
        default: return nil
        }
    }

    /// The proper point group of a space group's number (1-230): that of its crystal class.
    public init?(spaceGroup number: Int) {
        let bounds: [(upTo: Int, name: String)] = [
            (2, "1"), (15, "2"), (74, "222"), (88, "4"), (142, "422"), (148, "3"), (167, "32"), (176, "6"), (194, "622"), (206, "23"), (230, "432")
        ]
        guard (1...230).contains(number), let entry = bounds.first(where: { number <= $0.upTo }) else { return nil }
        self.init(name: entry.name)
    }

    /// Whether the orientation q lies in the fundamental zone: no equivalent s q is a smaller
    /// rotation, |w(s q)| <= |w(q)| + tolerance for every s (the zone about the identity that
    /// orix's `OrientationRegion` bounds).
    public func contains(_ q: UnitQuaternion, tolerance: Double = 1e-12) -> Bool {
        let w = abs(q.w)
        for s in rotations where abs((s * q).w) > w + tolerance { return false }
        return true
    }

    /// The equivalent of q in the fundamental zone: the s q with the largest |w|, w >= 0.
    public func reduced(_ q: UnitQuaternion) -> UnitQuaternion {
        var best = q, largest = abs(q.w)
        for s in rotations {
            let candidate = s * q
            if abs(candidate.w) > largest { (best, largest) = (candidate, abs(candidate.w)) }
        }
        return best.w < 0 ? -best : best
    }

    /// The disorientation angle between orientations a and b in radians: the smallest rotation
    /// angle of s a b* over the group (conjugating by a symmetry does not change an angle, so one
    /// side's symmetry is enough).
    public func disorientation(_ a: UnitQuaternion, _ b: UnitQuaternion) -> Double {
        let d = a * b.conjugate
        var largest = 0.0
        for s in rotations { largest = max(largest, abs((s * d).w)) }
        return 2 * acos(min(largest, 1))
    }
}
