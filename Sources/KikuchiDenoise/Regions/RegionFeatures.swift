import KikuchiImage

/// The band-pass signature by which `RegionMerging` compares patterns: the Kikuchi bands, with
/// the smooth background, the detector's dark outside and the pixel-scale noise filtered out.
///
/// With L = min(width, height) and the detector mask m (1 where the scan's mean pattern exceeds a
/// tenth of its median, else 0):
/// 1. divide the pattern by its mean inside the mask (the dose drops out);
/// 2. subtract its Gaussian blur of sigma L / 30 (4 pixels at 120 x 120), taken inside the mask
///    only (blur(p m) / blur(m)), and zero it outside: the background and the widest features go,
///    and the mask's edge, which every pattern shares, leaves no trace;
/// 3. smooth that with a Gaussian of sigma L / 80 (1.5 pixels), again inside the mask only;
/// 4. average blocks of `b` x `b` pixels, b = max(1, round(L / 40)) (3), into a grid of about
///    40 x 40 (a remainder of fewer than `b` rows or columns is left out), and zero the blocks
///    less than half inside the mask;
/// 5. subtract the mean of the kept blocks and scale to unit length, so that the dot product of
///    two features is their normalised cross-correlation.
///
/// Why this scale: it best separates adjacent same-grain from different-grain pairs,
/// d' = (mean_same - mean_diff) / rms deviation, at a few counts per pixel. Blocks alone alias the
/// noise finer than a band into the grid, and coarser blocks without smoothing lose the bands;
/// with the smoothing, finer blocks separate no better and make the merging four times dearer.
/// Why the mask: structure that every pattern shares
/// makes different grains correlate, and with a circular mask on those scans every pattern merged
/// into one region without it.
///
/// A flat pattern (zero mean or no contrast) has the zero feature, which matches nothing.
struct RegionFeatures {
    let width: Int
    let height: Int
    /// The block's side, in pixels.
    let block: Int
    let columns: Int
    let rows: Int
    /// 1 inside the detector mask, 0 outside, per pixel.
    let mask: [Float]
    /// The background's blur (sigma L / 30) and the smoothing (sigma L / 80).
    private let backgroundBlur: GaussianBlur
    private let smoothing: GaussianBlur
    /// blur(m) of each, the weight of the masked blur at each pixel.
    private let backgroundWeight: [Float]
    private let smoothingWeight: [Float]
    /// The number of pixels inside the mask.
    private let inside: Double
    /// Whether each block is at least half inside the mask.
    private let keptBlocks: [Bool]

    /// `mask`: one value per pixel, true inside; nil for the whole pattern.
    init(width: Int, height: Int, mask: [Bool]? = nil) throws {
        self.width = width
        self.height = height
        let side = Double(min(width, height))
        block = max(1, Int((side / 40).rounded()))
        columns = max(width / block, 1)
        rows = max(height / block, 1)
        let mask = (mask ?? [Bool](repeating: true, count: width * height)).map { $0 ? Float(1) : 0 }
        precondition(mask.count == width * height)
        self.mask = mask
        inside = mask.reduce(0.0) { $0 + Double($1) }
        backgroundBlur = try GaussianBlur(sigma: side / 30)
        smoothing = try GaussianBlur(sigma: side / 80)
        let maskImage = try Image(width: width, height: height, pixels: mask)
        backgroundWeight = backgroundBlur.apply(maskImage).pixels
        smoothingWeight = smoothing.apply(maskImage).pixels
        keptBlocks = Self.blockSums(mask, width: width, block: block, columns: columns, rows: rows)
            .map { [block] in 2 * $0 >= Float(block * block) }
    }

    /// The detector mask of a scan from its mean pattern: the pixels above a tenth of the mean
    /// pattern's median (the dark outside of a circular screen, or a mask already applied, is out).
    static func mask(fromMean mean: [Float]) -> [Bool] {
        let sorted = mean.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        return mean.map { $0 > 0.1 * median }
    }

    /// The number of values in one feature.
    var length: Int { columns * rows }

    /// Writes the feature of `pattern` (`width * height` values, row-major) into `feature`.
    func compute(_ pattern: [Float], into feature: UnsafeMutableBufferPointer<Float>) {
        precondition(pattern.count == width * height)
        var scratch = makeScratch()
        scratch.pattern = pattern
        compute(into: feature, scratch: &scratch)
    }

    /// The memory `compute` works in, for one worker at a time: the pattern goes in `pattern`.
    struct Scratch {
        var pattern: [Float]
        fileprivate var scaled: [Float]
        fileprivate var blurred: [Float]
        fileprivate var sums: [Float]
        fileprivate var background: GaussianBlur.Workspace
        fileprivate var smoothing: GaussianBlur.Workspace
    }

    func makeScratch() -> Scratch {
        let pixels = [Float](repeating: 0, count: width * height)
        return Scratch(
            pattern: pixels, scaled: pixels, blurred: pixels, sums: [Float](repeating: 0, count: length),
            background: GaussianBlur.Workspace(width: width, height: height, radius: backgroundBlur.radius),
            smoothing: GaussianBlur.Workspace(width: width, height: height, radius: smoothing.radius))
    }

    /// Writes the feature of `scratch.pattern` into `feature`.
    func compute(into feature: UnsafeMutableBufferPointer<Float>, scratch: inout Scratch) {
        precondition(scratch.pattern.count == width * height && feature.count == length)
        let pixels = width * height
        mask.withUnsafeBufferPointer { mask in
            scratch.pattern.withUnsafeBufferPointer { pattern in
                var total = 0.0
                for p in 0..<pixels { total += Double(pattern[p] * mask[p]) }
                let mean = total / max(inside, 1)
                guard mean > 0, mean.isFinite else {
                    for k in 0..<length { feature[k] = 0 }
                    return
                }
                let scale = Float(1 / mean)
                scratch.scaled.withUnsafeMutableBufferPointer { scaled in
                    for p in 0..<pixels { scaled[p] = pattern[p] * scale * mask[p] }
                    scratch.blurred.withUnsafeMutableBufferPointer { blurred in
                        // The high-pass pattern (0 outside the mask, where both terms are 0), in
                        // `scaled`, then smoothed into `blurred`.
                        backgroundBlur.apply(UnsafeBufferPointer(scaled), into: blurred, workspace: &scratch.background)
                        backgroundWeight.withUnsafeBufferPointer { weight in
                            for p in 0..<pixels where mask[p] != 0 { scaled[p] -= blurred[p] / max(weight[p], 1e-6) }
                        }
                        smoothing.apply(UnsafeBufferPointer(scaled), into: blurred, workspace: &scratch.smoothing)
                        smoothingWeight.withUnsafeBufferPointer { weight in
                            for p in 0..<pixels { blurred[p] = mask[p] != 0 ? blurred[p] / max(weight[p], 1e-6) : 0 }
                        }
                        scratch.sums.withUnsafeMutableBufferPointer { sums in
                            Self.blockSums(UnsafeBufferPointer(blurred), width: width, block: block, columns: columns, rows: rows, into: sums)
                            // Averaged over each block.
                            let area = Float(block * block)
                            for k in 0..<length { feature[k] = keptBlocks[k] ? sums[k] / area : 0 }
                        }
                    }
                }
                Self.standardise(feature, kept: keptBlocks)
            }
        }
    }

    /// The sum of `values` (one per pixel of a `width`-wide pattern) over each of the `columns` x
    /// `rows` blocks of `block` x `block` pixels, block after block in rows.
    private static func blockSums(_ values: [Float], width: Int, block: Int, columns: Int, rows: Int) -> [Float] {
        var sums = [Float](repeating: 0, count: columns * rows)
        values.withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { blockSums(values, width: width, block: block, columns: columns, rows: rows, into: $0) }
        }
        return sums
    }

    private static func blockSums(
        _ values: UnsafeBufferPointer<Float>, width: Int, block: Int, columns: Int, rows: Int, into sums: UnsafeMutableBufferPointer<Float>
    ) {
        for row in 0..<rows {
            for column in 0..<columns {
                var sum: Float = 0
                for y in row * block..<(row + 1) * block {
                    let start = y * width + column * block
                    for x in start..<start + block { sum += values[x] }
                }
                sums[row * columns + column] = sum
            }
        }
    }

    /// Subtracts the mean of the `kept` values (all when nil) from them and scales the vector to
    /// unit length; a constant vector becomes zero.
    static func standardise(_ values: UnsafeMutableBufferPointer<Float>, kept: [Bool]? = nil) {
        let indices = values.indices.filter { kept?[$0] ?? true }
        var sum = 0.0
        for k in indices { sum += Double(values[k]) }
        let mean = Float(sum / Double(max(indices.count, 1)))
        var squares = 0.0
        for k in indices {
            values[k] -= mean
            squares += Double(values[k]) * Double(values[k])
        }
        let inverse = squares > 1e-20 ? Float(1 / squares.squareRoot()) : 0
        for k in values.indices { values[k] *= inverse }
    }
}
