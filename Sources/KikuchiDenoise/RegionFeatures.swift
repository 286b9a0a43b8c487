import KikuchiImage

/// The band-pass signature by which `RegionMerging` compares patterns: the Kikuchi bands, with
/// the smooth background and the pixel-scale noise filtered out.
///
/// With `s = max(1, round(min(width, height) / 30))` pixels (4 for 120 x 120 patterns):
/// 1. divide the pattern by its mean (the dose drops out);
/// 2. subtract its Gaussian blur of sigma `s` (the background and the widest features go);
/// 3. average blocks of `s` x `s` pixels into a grid of about 30 x 30 (the noise finer than a
///    band goes; a remainder of fewer than `s` rows or columns is left out);
/// 4. subtract the mean and scale to unit length, so that the dot product of two features is
///    their normalised cross-correlation.
///
/// Why this scale: on held-out Ni scans at 5 counts per pixel (`benchmarks/indexing`), features
/// of 30 x 30 separate same-grain from different-grain regions best; 60 x 60 keeps too much noise
/// (0.838 of 40-grain patterns indexed after merging, against 0.894), and 15 x 15 keeps so little
/// that different grains look alike and merge (0.572).
///
/// A flat pattern (zero mean or no contrast) has the zero feature, which matches nothing.
struct RegionFeatures {
    let width: Int
    let height: Int
    /// The blur's sigma and the block's side, in pixels.
    let block: Int
    let columns: Int
    let rows: Int
    private let blur: GaussianBlur

    init(width: Int, height: Int) throws {
        self.width = width
        self.height = height
        block = max(1, Int((Double(min(width, height)) / 30).rounded()))
        columns = max(width / block, 1)
        rows = max(height / block, 1)
        blur = try GaussianBlur(sigma: Double(block))
    }

    /// The number of values in one feature.
    var length: Int { columns * rows }

    /// Writes the feature of `pattern` (`width * height` values, row-major) into `feature`.
    func compute(_ pattern: [Float], into feature: UnsafeMutableBufferPointer<Float>) throws {
        precondition(pattern.count == width * height && feature.count == length)
        var total = 0.0
        for value in pattern { total += Double(value) }
        let mean = total / Double(pattern.count)
        guard mean > 0, mean.isFinite else {
            for k in 0..<length { feature[k] = 0 }
            return
        }
        let scale = Float(1 / mean)
        let scaled = try Image(width: width, height: height, pixels: pattern.map { $0 * scale })
        let smooth = blur.apply(scaled)
        let area = Float(block * block)
        for row in 0..<rows {
            for column in 0..<columns {
                var sum: Float = 0
                for y in row * block ..< (row + 1) * block {
                    let start = y * width + column * block
                    for x in start ..< start + block { sum += scaled.pixels[x] - smooth.pixels[x] }
                }
                feature[row * columns + column] = sum / area
            }
        }
        Self.standardise(feature)
    }

    /// Subtracts the mean and scales to unit length; a constant vector becomes zero.
    static func standardise(_ values: UnsafeMutableBufferPointer<Float>) {
        var sum = 0.0
        for value in values { sum += Double(value) }
        let mean = Float(sum / Double(max(values.count, 1)))
        var squares = 0.0
        for k in values.indices {
            values[k] -= mean
            squares += Double(values[k]) * Double(values[k])
        }
        let inverse = squares > 1e-20 ? Float(1 / squares.squareRoot()) : 0
        for k in values.indices { values[k] *= inverse }
    }
}
