/// A 3 x 3 matrix of Doubles held by rows: enough linear algebra for rotations and lattices.
public struct Matrix3: Equatable, Sendable {
    public var row1: SIMD3<Double>
    public var row2: SIMD3<Double>
    public var row3: SIMD3<Double>

    public init(rows row1: SIMD3<Double>, _ row2: SIMD3<Double>, _ row3: SIMD3<Double>) {
        self.row1 = row1
        self.row2 = row2
        self.row3 = row3
    }

    public static let identity = Matrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))

    /// The matrix whose columns are `c1`, `c2`, `c3`.
    public init(columns c1: SIMD3<Double>, _ c2: SIMD3<Double>, _ c3: SIMD3<Double>) {
        self.init(rows: SIMD3(c1.x, c2.x, c3.x), SIMD3(c1.y, c2.y, c3.y), SIMD3(c1.z, c2.z, c3.z))
    }

    public var transposed: Matrix3 { Matrix3(columns: row1, row2, row3) }

    /// M v.
    @inline(__always)
    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.row1 * v).sum(), (m.row2 * v).sum(), (m.row3 * v).sum())
    }

    /// The product A B.
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let t = b.transposed
        return Matrix3(
            rows: SIMD3((a.row1 * t.row1).sum(), (a.row1 * t.row2).sum(), (a.row1 * t.row3).sum()),
            SIMD3((a.row2 * t.row1).sum(), (a.row2 * t.row2).sum(), (a.row2 * t.row3).sum()),
            SIMD3((a.row3 * t.row1).sum(), (a.row3 * t.row2).sum(), (a.row3 * t.row3).sum()))
    }

    /// The inverse by the adjugate: rows of the inverse are the cross products of the columns
    /// divided by the determinant.
    public var inverse: Matrix3 {
        let t = transposed
        let c1 = cross(t.row2, t.row3), c2 = cross(t.row3, t.row1), c3 = cross(t.row1, t.row2)
        let determinant = (t.row1 * c1).sum()
        return Matrix3(rows: c1 / determinant, c2 / determinant, c3 / determinant)
    }
}

/// The cross product a x b.
@inline(__always)
public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
