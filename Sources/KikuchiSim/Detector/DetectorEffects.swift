import Foundation

/// What a real detector does to a pattern beyond shot noise and blur: the screen's edge, shadows,
/// vignetting, the camera's response curve and dark level, and hot pixels. `NoiseModel` applies
/// them; none is on by default.
///
/// On the illumination b (x, y pixel centres, N_x x N_y pixels, c the image centre):
/// - vignetting v: b (1 - v (|x - c| / |corner - c|)^2);
/// - a circular screen of radius s min(N_x, N_y) / 2 about c: b times a one-pixel ramp from 1
///   inside to 0 outside, where only the dark level and read noise are left;
/// - a shadow at angle theta, offset d and depth k: b (1 - k S(((x - c) . n - d min(N_x, N_y) / 2) / w)),
///   n = (cos theta, sin theta), S the logistic function and w = min(N_x, N_y) / 20 its softness.
///
/// On the counts C (after blur and read noise; the clean pattern alike):
/// - the response curve gamma g: M (max(C, 0) / M)^g, M the dose (mean counts per pixel), so
///   that g = 1 is linear and a pixel at the dose keeps its value;
/// - the dark level o: C + o counts.
///
/// Hot pixels: a fraction h of the pixels, the same in every pattern of a scan (drawn from the
/// scan's seed), read `hotPixelCounts` in the recorded patterns and are absent from the clean
/// ones, since they are a defect and not signal.
public struct DetectorEffects: Sendable, Equatable {
    public struct Shadow: Sendable, Equatable {
        /// Direction of the shadow's normal, degrees (0: the shadow lies to the right).
        public var angle: Double
        /// Position of its edge from the centre along the normal, in half the smaller side.
        public var offset: Double
        /// The fraction of the light it takes, in [0, 1].
        public var depth: Double

        public init(angle: Double, offset: Double, depth: Double) {
            (self.angle, self.offset, self.depth) = (angle, offset, depth)
        }
    }

    public var vignetting = 0.0
    /// Screen radius in half the smaller side; nil: the whole detector is screen.
    public var screenRadius: Double?
    public var shadow: Shadow?
    public var gamma = 1.0
    /// Dark level, counts.
    public var cameraOffset = 0.0
    /// Fraction of the pixels that are hot.
    public var hotPixelFraction = 0.0
    /// What a hot pixel reads, in multiples of the mean counts.
    public var hotPixelLevel = 8.0

    public init() {}

    /// Whether any effect is on.
    public var isEmpty: Bool { self == DetectorEffects() }

    /// The factor each pixel's illumination is multiplied by (screen, shadow, vignetting), row-major.
    public func illuminationFactor(width: Int, height: Int) -> [Float] {
        let cx = Double(width) / 2, cy = Double(height) / 2
        let half = Double(min(width, height)) / 2
        let corner = (cx * cx + cy * cy).squareRoot()
        let softness = max(Double(min(width, height)) / 20, 1)
        let normal = shadow.map { (cos($0.angle * .pi / 180), sin($0.angle * .pi / 180)) }
        var out = [Float](repeating: 1, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                let dx = Double(column) + 0.5 - cx, dy = Double(row) + 0.5 - cy
                let r = (dx * dx + dy * dy).squareRoot()
                var factor = 1 - vignetting * (r / corner) * (r / corner)
                if let screenRadius { factor *= min(max(screenRadius * half + 0.5 - r, 0), 1) }
                if let shadow, let normal {
                    let along = (dx * normal.0 + dy * normal.1 - shadow.offset * half) / softness
                    factor *= 1 - shadow.depth / (1 + exp(-along))
                }
                out[row * width + column] = Float(max(factor, 0))
            }
        }
        return out
    }

    /// The camera's response and dark level on counts `values`, whose reference level is `mean`.
    public func respond(_ values: inout [Float], mean: Double) {
        guard gamma != 1 || cameraOffset != 0 else { return }
        let reference = Float(max(mean, .leastNormalMagnitude)), g = Float(gamma), offset = Float(cameraOffset)
        for i in values.indices {
            let counts = gamma == 1 ? values[i] : reference * pow(max(values[i], 0) / reference, g)
            values[i] = counts + offset
        }
    }

    /// The hot pixels of a scan of `pixels` pixels, from its `seed`, in increasing order.
    public func hotPixels(pixels: Int, seed: UInt64) -> [Int] {
        guard hotPixelFraction > 0 else { return [] }
        var generator = SeededGenerator(seed: seed, stream: .max)
        return (0..<pixels).filter { _ in generator.uniform() < hotPixelFraction }
    }
}
