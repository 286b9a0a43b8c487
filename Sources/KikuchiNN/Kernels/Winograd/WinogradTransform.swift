/// The three matrices of Winograd's minimal filtering algorithm F(m, r) (Lavin & Gray 2015,
/// "Fast Algorithms for Convolutional Neural Networks"), derived here by Cook–Toom interpolation.
///
/// F(m, r) gives m outputs of an r-tap correlation, y[i] = sum over k < r of d[i + k] g[k], from
/// alpha = m + r - 1 inputs with alpha multiplications: y = A^T [(G g) ⊙ (B^T d)]. In 2-D the
/// transforms apply to both axes, Y = A^T [(G g G^T) ⊙ (B^T d B)] A, so an m x m output tile costs
/// alpha^2 products per channel pair instead of m^2 r^2.
///
/// Derivation. The linear convolution s = x * h of x (m taps) and h (r taps) has alpha = m + r - 1
/// coefficients; as polynomials s(t) = x(t) h(t). Evaluate x and h at alpha - 1 finite points p_i
/// and at infinity (where a polynomial's value is its leading coefficient), multiply pointwise and
/// interpolate: s = C [(E_r h) ⊙ (E_m x)], E_n being the alpha x n evaluation matrix (row i:
/// 1, p_i, ..., p_i^(n-1); the infinity row: 0, ..., 0, 1) and C = E_alpha^-1. The correlation
/// y is the transpose of that map in x, so y = E_m^T [(E_r g) ⊙ (C^T d)]: A = E_m, G = E_r and
/// B^T = C^T. By Lagrange, with N_i = prod over finite j != i of (p_i - p_j), column i of C holds
/// the coefficients of prod over finite j != i of (t - p_j), divided by N_i, and its infinity
/// column those of prod over all finite j of (t - p_j). The 1 / N_i moves from B^T into row i of G
/// (the kernel is transformed once, in double precision), so that row i of B^T is the coefficient
/// vector of the monic product prod over j != i of (t - p_j): small numbers, many of them zero.
///
/// Points: 0, ±1, ±2 (alpha = 6) and 0, ±1, ±2, ±1/2 (alpha = 8), then infinity. Symmetric points
/// keep the products even or odd (half their coefficients zero) and ±1/2 keeps the largest entry
/// of B^T at 21/4 where ±3 would make it 49; the float32 error of F(6x6, 3x3) and F(4x4, 5x5) with
/// these points stays near 1e-5 on 128-channel sums of order one.
public struct WinogradTransform: Equatable, Sendable {
    /// Output tile side m.
    public let outputTile: Int
    /// Kernel side r.
    public let kernel: Int
    /// The finite interpolation points (alpha - 1 of them); infinity is the last point.
    public let points: [Double]
    /// B^T, alpha x alpha, row-major.
    public let inputTransform: [Double]
    /// G, alpha x r, row-major.
    public let kernelTransform: [Double]
    /// A^T, m x alpha, row-major.
    public let outputTransform: [Double]

    /// Input tile side alpha = m + r - 1 (also the number of points).
    public var inputTile: Int { outputTile + kernel - 1 }

    /// The kernel transform as one matrix on the flattened kernel: T[(i, j), (a, b)] =
    /// G[i][a] G[j][b], alpha^2 x r^2 row-major, so that (G g G^T)[i][j] = sum over (a, b) of
    /// T[(i, j), (a, b)] g[a][b].
    public var pointProducts: [Double] {
        let r = kernel, alpha = inputTile
        var product = [Double](repeating: 0, count: alpha * alpha * r * r)
        for i in 0..<alpha {
            for j in 0..<alpha {
                for a in 0..<r {
                    for b in 0..<r {
                        product[(i * alpha + j) * r * r + a * r + b] = kernelTransform[i * r + a] * kernelTransform[j * r + b]
                    }
                }
            }
        }
        return product
    }

    /// F(4x4, 3x3) on 0, ±1, ±2, infinity: 36 products for 144 multiplications.
    public static let f4x3 = WinogradTransform(outputTile: 4, kernel: 3, points: [0, 1, -1, 2, -2])
    /// F(6x6, 3x3) on 0, ±1, ±2, ±1/2, infinity: 64 products for 324 multiplications.
    public static let f6x3 = WinogradTransform(outputTile: 6, kernel: 3, points: [0, 1, -1, 2, -2, 0.5, -0.5])
    /// F(4x4, 5x5) on 0, ±1, ±2, ±1/2, infinity: 64 products for 400 multiplications.
    public static let f4x5 = WinogradTransform(outputTile: 4, kernel: 5, points: [0, 1, -1, 2, -2, 0.5, -0.5])

    /// The transform F(outputTile, kernel) on `points` (outputTile + kernel - 2 distinct values).
    public init(outputTile: Int, kernel: Int, points: [Double]) {
        precondition(outputTile > 0 && kernel > 0, "F(m, r) needs m and r positive")
        precondition(points.count == outputTile + kernel - 2, "F(m, r) needs m + r - 2 finite points")
        precondition(Set(points).count == points.count, "interpolation points must differ")
        self.outputTile = outputTile
        self.kernel = kernel
        self.points = points
        let alpha = outputTile + kernel - 1

        var inputTransform: [Double] = []
        var kernelTransform: [Double] = []
        var outputTransform = [Double](repeating: 0, count: outputTile * alpha)
        for (i, point) in points.enumerated() {
            var product: [Double] = [1]
            var normaliser = 1.0
            for (j, other) in points.enumerated() where j != i {
                product = Self.multiply(product, by: other)
                normaliser *= point - other
            }
            inputTransform += product + [Double](repeating: 0, count: alpha - product.count)
            kernelTransform += (0..<kernel).map { Self.power(point, $0) / normaliser }
            for k in 0..<outputTile { outputTransform[k * alpha + i] = Self.power(point, k) }
        }
        inputTransform += points.reduce([1.0]) { Self.multiply($0, by: $1) }
        kernelTransform += [Double](repeating: 0, count: kernel - 1) + [1]
        outputTransform[(outputTile - 1) * alpha + alpha - 1] = 1
        self.inputTransform = inputTransform
        self.kernelTransform = kernelTransform
        self.outputTransform = outputTransform
    }

    /// The coefficients (lowest power first) of polynomial * (t - root).
    private static func multiply(_ polynomial: [Double], by root: Double) -> [Double] {
        var result = [Double](repeating: 0, count: polynomial.count + 1)
        for (power, coefficient) in polynomial.enumerated() {
            result[power + 1] += coefficient
            result[power] -= root * coefficient
        }
        return result
    }

    /// x^n for a small n, exactly as repeated multiplication (0^0 = 1).
    private static func power(_ x: Double, _ n: Int) -> Double {
        (0..<n).reduce(1) { product, _ in product * x }
    }
}
