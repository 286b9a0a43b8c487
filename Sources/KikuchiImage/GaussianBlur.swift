import Foundation

/// A Gaussian blur of float patterns with SciPy's numbers (`scipy.ndimage.gaussian_filter(image, sigma,
/// truncate=truncate, mode="reflect")`), the filter kikuchipy uses for its dynamic background.
///
/// The kernel has radius r = Int(truncate * sigma + 0.5) and weights
/// w[k] = exp(-k^2 / (2 sigma^2)) / sum_j exp(-j^2 / (2 sigma^2)) for k in -r...r.
/// It is applied separably, down the columns first and then along the rows, as SciPy does, each pass
/// summed in double and stored as float. Outside the image the samples reflect about the edge with the
/// edge sample repeated (`dcba|abcd|dcba`), and again as often as a wide kernel needs.
/// sigma = 0 leaves the image unchanged.
public struct GaussianBlur: Sendable {
    public let sigma: Double
    public let truncate: Double
    /// w[0...r], the kernel's centre and one side.
    public let weights: [Double]

    public init(sigma: Double, truncate: Double = 4) throws {
        guard sigma.isFinite, sigma >= 0 else {
            throw ImageOpsError.invalidParameter("Gaussian sigma \(sigma) is invalid: it must be a finite number of at least 0")
        }
        guard truncate.isFinite, truncate >= 0 else {
            throw ImageOpsError.invalidParameter("Gaussian truncate \(truncate) is invalid: it must be a finite number of at least 0")
        }
        self.sigma = sigma
        self.truncate = truncate
        let radius = Int(truncate * sigma + 0.5)
        guard radius > 0 else {
            weights = [1]
            return
        }
        let raw = (0...radius).map { k in exp(-0.5 / (sigma * sigma) * Double(k * k)) }
        let total = raw[0] + 2 * raw.dropFirst().reduce(0, +)
        weights = raw.map { $0 / total }
    }

    /// The kernel radius r: the blur reads r samples either side.
    public var radius: Int { weights.count - 1 }

    /// Index into `0 ..< count` of position `index` under SciPy's "reflect" (half-sample symmetric) mode.
    static func reflect(_ index: Int, count: Int) -> Int {
        let period = 2 * count
        var i = index % period
        if i < 0 { i += period }
        return i < count ? i : period - 1 - i
    }

    /// The blurred image.
    public func apply(_ image: Image<Float>) -> Image<Float> {
        var result = image
        apply(image, into: &result)
        return result
    }

    /// Blurs `image` into `target`, which must have the same size (it may be a copy of `image`).
    public func apply(_ image: Image<Float>, into target: inout Image<Float>) {
        precondition(target.width == image.width && target.height == image.height, "GaussianBlur target size differs from the image")
        let width = image.width, height = image.height
        let radius = self.radius
        var columnsDone = [Float](repeating: 0, count: width * height)
        var line = [Double](repeating: 0, count: max(width, height) + 2 * radius)
        weights.withUnsafeBufferPointer { w in
            line.withUnsafeMutableBufferPointer { padded in
                image.pixels.withUnsafeBufferPointer { source in
                    columnsDone.withUnsafeMutableBufferPointer { middle in
                        for x in 0..<width {
                            for i in 0..<height + 2 * radius {
                                padded[i] = Double(source[Self.reflect(i - radius, count: height) * width + x])
                            }
                            for y in 0..<height {
                                middle[y * width + x] = Float(Self.correlate(padded.baseAddress! + y + radius, w))
                            }
                        }
                    }
                }
                columnsDone.withUnsafeBufferPointer { middle in
                    target.withUnsafeMutablePixels { out in
                        for y in 0..<height {
                            let row = middle.baseAddress! + y * width
                            for i in 0..<width + 2 * radius {
                                padded[i] = Double(row[Self.reflect(i - radius, count: width)])
                            }
                            for x in 0..<width {
                                out[y * width + x] = Float(Self.correlate(padded.baseAddress! + x + radius, w))
                            }
                        }
                    }
                }
            }
        }
    }

    /// w[0] c[0] + sum over k of w[k] (c[-k] + c[k]): SciPy's order for a symmetric kernel.
    @inline(__always)
    private static func correlate(_ centre: UnsafePointer<Double>, _ w: UnsafeBufferPointer<Double>) -> Double {
        var sum = centre[0] * w[0]
        var k = 1
        while k < w.count {
            sum += (centre[k] + centre[-k]) * w[k]
            k += 1
        }
        return sum
    }
}
