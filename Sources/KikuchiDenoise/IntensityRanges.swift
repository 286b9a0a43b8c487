import KikuchiIO

/// How a pattern's values are scaled into the network's [0, 1].
public enum InputRange: String, CaseIterable, Sendable {
    /// (v - min) / (max - min) over the pattern itself: every pattern uses the whole range.
    case pattern
    /// v / the pixel type's maximum (255, 65535; float32 patterns are taken as already in [0, 1]),
    /// as the published script divides 8-bit images by 255.
    case dtype
}

/// How the network's output in [0, 1] is mapped back to the pattern's pixel type.
public enum OutputRange: String, CaseIterable, Sendable {
    /// y x (max - min) + min with the input pattern's own min and max: the output keeps the
    /// input's intensity range.
    case pattern
    /// y x the pixel type's maximum, as the published script multiplies by 255.
    case dtype
    /// (y - min y) / (max y - min y) x the pixel type's maximum: each output fills the whole range.
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
    /// Maps `values` (network output in [0, 1]) to `pixelType`'s units in place; `input` is the
    /// original pattern's (min, max). Rounding and clamping are left to the writer of the pattern.
    func restore(_ values: UnsafeMutableBufferPointer<Float>, pixelType: PixelType, input: (low: Float, high: Float)) {
        let top = Float(pixelType.maximum)
        let (offset, scale): (Float, Float)
        switch self {
        case .pattern:
            (offset, scale) = (input.low, input.high - input.low)
        case .dtype:
            (offset, scale) = (0, top)
        case .stretch:
            let (low, high) = extremes(of: UnsafeBufferPointer(values))
            for index in values.indices { values[index] -= low }
            (offset, scale) = (0, high > low ? top / (high - low) : 0)
        }
        for index in values.indices { values[index] = values[index] * scale + offset }
    }
}
