/// Source samples and weights along one axis of a two-tap resize, one entry per output sample:
/// output[d] = input[lower[d]] * weightLower[d] + input[upper[d]] * weightUpper[d].
///
/// OpenCV builds these tables three ways, and which one a resize uses decides its last bit:
/// - `.centreAligned` (its generic `INTER_LINEAR` code): x = (d + 0.5) * scale - 0.5 evaluated in double,
///   rounded to float, then s = floor(x) and f = x - s in float. The 8-bit path goes this way.
/// - `.centreAlignedDoubleFraction`: the same x, but f = x - floor(x) taken in double and only then
///   rounded to float. OpenCV 5.0 gives exactly these weights for 16-bit and float `INTER_LINEAR`
///   (measured with impulse images; the float path of the generic code would differ by up to 1e-5).
/// - `.areaEnlarging` (`INTER_AREA` when a side grows): s = floor(d * scale) and
///   f = (d + 1) - (s + 1) / scale, then f = f <= 0 ? 0 : f - floor(f), in float.
///
/// scale = 1 / (target / source), as OpenCV derives it from the inverse scale.
/// When `clampsEdges` (OpenCV does this horizontally only), an x left of the first sample or right of
/// the last gives weight 1 to that sample; otherwise (vertically) the fraction stays as computed and
/// only the two sample indices are clamped into the image, so both taps read the same edge row.
/// The fixed-point weights of the 8-bit path are round(w * 2048) (INTER_RESIZE_COEF_BITS = 11).
struct LinearResizeAxis: Sendable {
    enum Coordinates: Sendable {
        case centreAligned
        case centreAlignedDoubleFraction
        case areaEnlarging
    }

    static let fixedPointOne: Float = 2048

    private(set) var lower: [Int32] = []
    private(set) var upper: [Int32] = []
    private(set) var weightLower: [Float] = []
    private(set) var weightUpper: [Float] = []
    private(set) var fixedLower: [Int32] = []
    private(set) var fixedUpper: [Int32] = []

    init(source: Int, target: Int, coordinates: Coordinates, clampsEdges: Bool) {
        let inverseScale = Double(target) / Double(source)
        let scale = 1.0 / inverseScale
        for d in 0..<target {
            var start: Int
            var fraction: Float
            switch coordinates {
            case .centreAligned:
                let x = Float((Double(d) + 0.5) * scale - 0.5)
                start = Int(x.rounded(.down))
                fraction = x - Float(start)
            case .centreAlignedDoubleFraction:
                let x = (Double(d) + 0.5) * scale - 0.5
                let floorX = x.rounded(.down)
                start = Int(floorX)
                fraction = Float(x - floorX)
            case .areaEnlarging:
                start = Int((Double(d) * scale).rounded(.down))
                let f = Float(Double(d + 1) - Double(start + 1) * inverseScale)
                fraction = f <= 0 ? 0 : f - f.rounded(.down)
            }
            if clampsEdges {
                if start < 0 { start = 0; fraction = 0 }
                if start >= source - 1 { start = source - 1; fraction = 0 }
            }
            lower.append(Int32(min(max(start, 0), source - 1)))
            upper.append(Int32(min(max(start + 1, 0), source - 1)))
            let lowerWeight = 1 - fraction
            weightLower.append(lowerWeight)
            weightUpper.append(fraction)
            fixedLower.append(Int32((lowerWeight * Self.fixedPointOne).rounded(.toNearestOrEven)))
            fixedUpper.append(Int32((fraction * Self.fixedPointOne).rounded(.toNearestOrEven)))
        }
    }
}
