/// OpenCV's `saturate_cast` from float to an unsigned integer type: round to nearest with ties to even
/// (`cvRound` is `lrint` under the default rounding mode), then clamp to `0...maximum`.
enum PixelRounding {
    @inline(__always)
    static func clamped(_ value: Float, maximum: Int32) -> Int32 {
        let rounded = value.rounded(.toNearestOrEven)
        if !(rounded > 0) { return 0 }  // also catches NaN
        if rounded >= Float(maximum) { return maximum }
        return Int32(rounded)
    }
}

/// How the resize and CLAHE kernels turn a float result into a pixel of their element type.
protocol FloatConvertiblePixel: ImagePixel {
    var floatValue: Float { get }
    /// The pixel nearest to `value` as OpenCV's `saturate_cast` gives it (identity for Float).
    init(saturating value: Float)
}

extension UInt16: FloatConvertiblePixel {
    @inline(__always) var floatValue: Float { Float(self) }
    @inline(__always) init(saturating value: Float) { self = UInt16(truncatingIfNeeded: PixelRounding.clamped(value, maximum: 65535)) }
}

extension Float: FloatConvertiblePixel {
    @inline(__always) var floatValue: Float { self }
    @inline(__always) init(saturating value: Float) { self = value }
}
