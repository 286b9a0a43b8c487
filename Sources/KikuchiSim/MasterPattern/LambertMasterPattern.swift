import Foundation

/// A master pattern on the whole sphere in EMsoft's square Lambert projection: two squares of
/// `side` x `side` intensities, the northern hemisphere (z >= 0, EMsoft's `mLPNH`) and the
/// southern (`mLPSH`), each row-major with rows along the square's Y and columns along X.
public struct LambertMasterPattern: Sendable {
    /// Pixels along each side of each square (EMsoft: 2 npx + 1).
    public let side: Int
    public var northern: [Float]
    public var southern: [Float]

    public init(side: Int, northern: [Float], southern: [Float]) {
        precondition(
            side >= 2 && northern.count == side * side && southern.count == side * side,
            "a Lambert master pattern needs two side x side squares")
        self.side = side
        self.northern = northern
        self.southern = southern
    }

    /// The intensity in the direction `v` (crystal frame; need not be unit), interpolated
    /// bilinearly between the four nearest square pixels as kikuchipy and EMsoft do.
    public func intensity(along v: SIMD3<Double>) -> Float {
        northern.withUnsafeBufferPointer { n in
            southern.withUnsafeBufferPointer { s in LambertMasterPattern.sample(northern: n, southern: s, side: side, along: v) }
        }
    }

    /// Applies `body` to a sampler of this pattern that holds the squares' storage for its duration
    /// (for loops over many directions).
    public func withSampler<R>(_ body: ((SIMD3<Double>) -> Float) throws -> R) rethrows -> R {
        try northern.withUnsafeBufferPointer { n in
            try southern.withUnsafeBufferPointer { s in
                try body { LambertMasterPattern.sample(northern: n, southern: s, side: side, along: $0) }
            }
        }
    }

    /// The bilinear look-up: with scale = (side - 1) / 2 the square coordinate X becomes the
    /// column j = X scale + scale, its whole part the left pixel and its fraction the weight of
    /// the right one (the right neighbour clamped to the last column); likewise Y gives the row.
    /// The sign of z picks the hemisphere (z = 0 counts as northern).
    @inline(__always)
    static func sample(
        northern: UnsafeBufferPointer<Float>, southern: UnsafeBufferPointer<Float>, side: Int,
        along v: SIMD3<Double>
    ) -> Float {
        let (x, y) = SquareLambert.squareCoordinates(of: v)
        let scale = Double(side - 1) / 2
        let column = x * scale + scale, row = y * scale + scale
        var left = Int(column), top = Int(row)
        var right = left + 1, bottom = top + 1
        if bottom >= side { bottom = top }
        if right >= side { right = left }
        if top < 0 { top = bottom }
        if left < 0 { left = right }
        let dx = column - Double(left), dy = row - Double(top)
        let p = v.z >= 0 ? northern : southern
        let value =
            Double(p[top * side + left]) * (1 - dy) * (1 - dx)
            + Double(p[bottom * side + left]) * dy * (1 - dx)
            + Double(p[top * side + right]) * (1 - dy) * dx
            + Double(p[bottom * side + right]) * dy * dx
        return Float(value)
    }

    /// A master pattern drawn from a function of direction: each square pixel (row r, column c)
    /// looks along `SquareLambert.northernDirection` of X = (c - scale) / scale,
    /// Y = (r - scale) / scale, and along its mirror z -> -z for the southern square.
    ///
    /// When `centrosymmetric` (intensity(-v) = intensity(v), as for every kinematical pattern by
    /// Friedel's law), the southern square is not computed: (x, y, -z) = -(-x, -y, z) and the
    /// projection is odd in (x, y), so southern pixel (r, c) is northern pixel (side-1-r, side-1-c).
    public static func render(side: Int, centrosymmetric: Bool = false, intensity: (SIMD3<Double>) -> Float) -> LambertMasterPattern {
        let scale = Double(side - 1) / 2
        var northern = [Float](repeating: 0, count: side * side)
        var southern = northern
        for row in 0..<side {
            for column in 0..<side {
                let v = SquareLambert.northernDirection(x: (Double(column) - scale) / scale, y: (Double(row) - scale) / scale)
                northern[row * side + column] = intensity(v)
                if !centrosymmetric { southern[row * side + column] = intensity(SIMD3(v.x, v.y, -v.z)) }
            }
        }
        if centrosymmetric { southern = northern.reversed() }
        return LambertMasterPattern(side: side, northern: northern, southern: southern)
    }
}
