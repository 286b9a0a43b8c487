import Foundation

/// The mean structural similarity index (Wang, Bovik, Sheikh and Simoncelli 2004) with a Gaussian
/// window, as scikit-image's `structural_similarity(a, b, data_range=1, gaussian_weights=True,
/// sigma=1.5, use_sample_covariance=False)` computes it:
///
///     S = (2 mu_a mu_b + C1)(2 s_ab + C2) / ((mu_a^2 + mu_b^2 + C1)(s_a^2 + s_b^2 + C2))
///
/// with local means and (co)variances from a Gaussian filter (sigma 1.5, radius
/// int(3.5 sigma + 0.5) = 5, mirror-reflected borders as `scipy.ndimage`'s 'reflect'),
/// C1 = (0.01 L)^2, C2 = (0.03 L)^2, L = 1, averaged over the pixels at least the radius from
/// every border.
public struct StructuralSimilarity: Sendable {
    public let sigma: Double
    private let weights: [Double]

    public init(sigma: Double = 1.5) {
        self.sigma = sigma
        let radius = Int(3.5 * sigma + 0.5)
        let raw = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
    }

    private var radius: Int { weights.count / 2 }

    /// The mean SSIM of two patterns of `width` x `height` with values in [0, 1].
    public func callAsFunction(_ a: [Double], _ b: [Double], width: Int, height: Int) -> Double {
        precondition(a.count == width * height && b.count == a.count)
        let c1 = 0.01 * 0.01, c2 = 0.03 * 0.03
        let meanA = filtered(a, width, height), meanB = filtered(b, width, height)
        let squareA = filtered(a.map { $0 * $0 }, width, height)
        let squareB = filtered(b.map { $0 * $0 }, width, height)
        let product = filtered(zip(a, b).map { $0 * $1 }, width, height)
        var sum = 0.0, count = 0
        for y in radius..<max(radius, height - radius) {
            for x in radius..<max(radius, width - radius) {
                let i = y * width + x
                let ua = meanA[i], ub = meanB[i]
                let va = squareA[i] - ua * ua, vb = squareB[i] - ub * ub, cov = product[i] - ua * ub
                sum += (2 * ua * ub + c1) * (2 * cov + c2) / ((ua * ua + ub * ub + c1) * (va + vb + c2))
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : .nan
    }

    /// The separable Gaussian filter of an image with 'reflect' borders (d c b a | a b c d | d c b a).
    private func filtered(_ image: [Double], _ width: Int, _ height: Int) -> [Double] {
        let r = radius
        var rows = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0.0
                for k in -r...r { sum += weights[k + r] * image[y * width + reflect(x + k, width)] }
                rows[y * width + x] = sum
            }
        }
        var out = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0.0
                for k in -r...r { sum += weights[k + r] * rows[reflect(y + k, height) * width + x] }
                out[y * width + x] = sum
            }
        }
        return out
    }

    /// Index `i` mirrored into 0 ..< n with the edge repeated (scipy's 'reflect').
    private func reflect(_ i: Int, _ n: Int) -> Int {
        var i = i
        while i < 0 || i >= n {
            if i < 0 { i = -i - 1 }
            if i >= n { i = 2 * n - i - 1 }
        }
        return i
    }
}
