import KikuchiIO

/// How a pattern's values are scaled into the network's [0, 1].
public enum InputRange: String, CaseIterable, Sendable {
    /// (v - min) / (max - min) over the pattern itself: every pattern uses the whole range.
    case pattern
    /// v / the pixel type's maximum (255, 65535; float32 patterns are taken as already in [0, 1]),
    /// as the published script divides 8-bit images by 255.
    case dtype
}

/// How the computed patterns are written into the output's pixel type (every method), and how the
/// network's output in [0, 1] is first mapped back to the input's units (the network methods).
///
/// Every method computes in float32 from input to writer; rounding happens once, when the output
/// is written (`OutputEncoding`).
public enum OutputRange: String, CaseIterable, Sendable {
    /// One affine map for the whole scan: its smallest and largest computed values onto the
    /// integer output type's full range (float32 outputs keep the computed values). A scan of raw
    /// counts keeps every level its denoiser gained, and relative intensities between patterns
    /// survive, as re-indexing wants them.
    case scan
    /// The computed values in the input's units (the network's output onto each input pattern's
    /// own min..max), rounded to the output type: numbers that resemble the input's.
    case pattern
    /// As `pattern`, but the network's output times the input type's maximum, as the published
    /// script multiplies by 255.
    case dtype
    /// Each pattern's own min..max onto the output type's full range (0..1 for float32).
    case stretch
}

/// The smallest and largest of `values` (0, 0 when empty).
func extremes(of values: UnsafeBufferPointer<Float>) -> (low: Float, high: Float) {
    guard var low = values.first else { return (0, 0) }
    var high = low
    for value in values {
        low = min(low, value)
        high = max(high, value)
    }
    return (low, high)
}

extension InputRange {
    /// Scales `values` (one pattern of `pixelType`) into [0, 1] in place.
    func normalize(_ values: UnsafeMutableBufferPointer<Float>, pixelType: PixelType) {
        // Divided, not multiplied by a reciprocal, to give exactly the published script's x / 255.
        let (offset, divisor): (Float, Float)
        switch self {
        case .pattern:
            let (low, high) = extremes(of: UnsafeBufferPointer(values))
            (offset, divisor) = (low, high > low ? high - low : .infinity)
        case .dtype:
            (offset, divisor) = (0, Float(pixelType.maximum))
        }
        for index in values.indices { values[index] = (values[index] - offset) / divisor }
    }
}

extension OutputRange {
    /// Maps `values` (network output in [0, 1]) to the input's units in place: times the maximum of
    /// `pixelType` (the input's type) for `dtype`, else onto `input`, the input pattern's own
    /// (min, max), so that the writer sees values in the units every other method computes in.
    func restore(_ values: UnsafeMutableBufferPointer<Float>, pixelType: PixelType, input: (low: Float, high: Float)) {
        let (offset, scale): (Float, Float) =
            self == .dtype
            ? (0, Float(pixelType.maximum)) : (input.low, input.high - input.low)
        for index in values.indices { values[index] = values[index] * scale + offset }
    }
}
