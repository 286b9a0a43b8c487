import CBLAS
import Foundation

/// The image quality of a pattern after Krieger Lassen (1994), as kikuchipy's
/// `get_image_quality(normalize=True)` computes it: the pattern is standardised (zero mean, unit
/// standard deviation), its discrete Fourier spectrum S = |F| is taken, and
///
///     IQ = 1 - (sum S(q) w(q) / sum S(q)) / (sum w(q) / (h w))
///
/// where w(q) = qy^2 + qx^2 - 1 with the frequency indices counted from 1 (1, 2, ..., then the
/// negative frequencies -n/2, ..., -1 from index n/2 on). Noise spreads the spectrum to high
/// frequencies and lowers IQ; clear bands on a smooth background keep it low and IQ near 1.
///
/// The 2-D transform is two real matrix products per axis (cos and sin tables, one `dgemm` each),
/// O(n^3) but fast for pattern sizes.
public final class ImageQuality {
    public let width: Int
    public let height: Int
    private let cosX: [Double], sinX: [Double], cosY: [Double], sinY: [Double]
    private let frequencyWeights: [Double]
    private let inertiaMaximum: Double

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        (cosX, sinX) = ImageQuality.tables(width)
        (cosY, sinY) = ImageQuality.tables(height)
        let fx = ImageQuality.frequencies(width), fy = ImageQuality.frequencies(height)
        var weights = [Double](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { weights[y * width + x] = Double(fy[y] * fy[y] + fx[x] * fx[x] - 1) }
        }
        frequencyWeights = weights
        inertiaMaximum = weights.reduce(0, +) / Double(width * height)
    }

    /// kikuchipy's frequency indices: i + 1 below n / 2, i - n from there.
    static func frequencies(_ n: Int) -> [Int] {
        (0..<n).map { $0 < n / 2 ? $0 + 1 : $0 - n }
    }

    /// cos and sin of 2 pi j k / n, row-major n x n.
    static func tables(_ n: Int) -> ([Double], [Double]) {
        var c = [Double](repeating: 0, count: n * n), s = c
        for j in 0..<n {
            for k in 0..<n {
                let angle = 2 * Double.pi * Double((j * k) % n) / Double(n)
                c[j * n + k] = cos(angle)
                s[j * n + k] = sin(angle)
            }
        }
        return (c, s)
    }

    /// The image quality of one pattern (row-major, `width` x `height`).
    public func callAsFunction(_ pattern: [Double]) -> Double {
        precondition(pattern.count == width * height)
        let n = Double(pattern.count)
        let mean = pattern.reduce(0, +) / n
        let deviation = (pattern.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        let standardized = deviation > 0 ? pattern.map { ($0 - mean) / deviation } : pattern.map { $0 - mean }
        // Rows: P (h x w) times the x tables gives A = P cos, B = P sin (F_x = A - iB).
        let a = product(standardized, cosX, height, width, width)
        let b = product(standardized, sinX, height, width, width)
        // Columns: F = (Cy - i Sy)(A - i B) = (Cy A - Sy B) - i (Cy B + Sy A).
        let real = difference(product(cosY, a, height, height, width), product(sinY, b, height, height, width))
        let imaginary = sum(product(cosY, b, height, height, width), product(sinY, a, height, height, width))
        var weighted = 0.0, total = 0.0
        for index in real.indices {
            let magnitude = (real[index] * real[index] + imaginary[index] * imaginary[index]).squareRoot()
            weighted += magnitude * frequencyWeights[index]
            total += magnitude
        }
        return total > 0 ? 1 - weighted / total / inertiaMaximum : 0
    }

    /// The m x n product of an m x k and a k x n row-major matrix.
    private func product(_ left: [Double], _ right: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: m * n)
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
            left, Int32(k), right, Int32(n), 0, &out, Int32(n))
        return out
    }

    private func difference(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }
    private func sum(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }
}
