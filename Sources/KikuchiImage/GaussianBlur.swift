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
        var workspace = Workspace(width: image.width, height: image.height, radius: radius)
        image.pixels.withUnsafeBufferPointer { pixels in
            target.withUnsafeMutablePixels { apply(pixels, into: $0, workspace: &workspace) }
        }
    }

    /// Blurs the `workspace.width` x `workspace.height` image `pixels` (row-major) into `target`;
    /// the two may not overlap. A workspace made once for the size and radius serves every call.
    ///
    /// Each pass sums a whole line of outputs at once, term after term in SciPy's order for a
    /// symmetric kernel (w[0] c[0] first, then (c[k] + c[-k]) w[k] for k = 1...r), so that every
    /// sum is rounded as a per-pixel loop rounds it.
    public func apply(_ pixels: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>, workspace: inout Workspace) {
        let width = workspace.width, height = workspace.height, radius = self.radius
        precondition(workspace.radius == radius, "GaussianBlur workspace made for another radius")
        precondition(pixels.count == width * height && target.count == width * height, "GaussianBlur image size differs from the workspace")
        guard width * height > 0 else { return }
        weights.withUnsafeBufferPointer { w in
            workspace.withBuffers { rowIndex, columnIndex, source, middle, line, sums in
                for p in 0..<width * height { source[p] = Double(pixels[p]) }
                for y in 0..<height {
                    let out = middle + y * width
                    let centre = source + rowIndex[y + radius] * width
                    for x in 0..<width { out[x] = centre[x] * w[0] }
                    for k in stride(from: 1, through: radius, by: 1) {
                        let below = source + rowIndex[y + radius + k] * width
                        let above = source + rowIndex[y + radius - k] * width
                        let weight = w[k]
                        for x in 0..<width { out[x] += (below[x] + above[x]) * weight }
                    }
                    // Stored as float between the passes, as SciPy does.
                    for x in 0..<width { out[x] = Double(Float(out[x])) }
                }
                for y in 0..<height {
                    let row = middle + y * width
                    for i in 0..<width + 2 * radius { line[i] = row[columnIndex[i]] }
                    let centre = line + radius
                    for x in 0..<width { sums[x] = centre[x] * w[0] }
                    for k in stride(from: 1, through: radius, by: 1) {
                        let weight = w[k], right = centre + k, left = centre - k
                        for x in 0..<width { sums[x] += (right[x] + left[x]) * weight }
                    }
                    let out = target.baseAddress! + y * width
                    for x in 0..<width { out[x] = Float(sums[x]) }
                }
            }
        }
    }

    /// The scratch memory of `apply` for one image size and kernel radius: the reflected row and
    /// column indices, the image in double, the column pass's result, one padded row and its sums.
    public struct Workspace: Sendable {
        public let width: Int
        public let height: Int
        public let radius: Int
        private let rowIndex: [Int]
        private let columnIndex: [Int]
        private var source: [Double]
        private var middle: [Double]
        private var line: [Double]
        private var sums: [Double]

        public init(width: Int, height: Int, radius: Int) {
            self.width = width
            self.height = height
            self.radius = radius
            rowIndex = (-radius..<height + radius).map { GaussianBlur.reflect($0, count: height) }
            columnIndex = (-radius..<width + radius).map { GaussianBlur.reflect($0, count: width) }
            source = [Double](repeating: 0, count: width * height)
            middle = source
            line = [Double](repeating: 0, count: width + 2 * radius)
            sums = [Double](repeating: 0, count: width)
        }

        fileprivate mutating func withBuffers(
            _ body: (
                UnsafePointer<Int>, UnsafePointer<Int>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>
            ) -> Void
        ) {
            rowIndex.withUnsafeBufferPointer { rowIndex in
                columnIndex.withUnsafeBufferPointer { columnIndex in
                    source.withUnsafeMutableBufferPointer { source in
                        middle.withUnsafeMutableBufferPointer { middle in
                            line.withUnsafeMutableBufferPointer { line in
                                sums.withUnsafeMutableBufferPointer { sums in
                                    body(
                                        rowIndex.baseAddress!, columnIndex.baseAddress!, source.baseAddress!, middle.baseAddress!,
                                        line.baseAddress!, sums.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
