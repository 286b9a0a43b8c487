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

    /// `clamped` for values known to be finite and within +-2^22, without a libm call or a checked
    /// conversion (the package targets baseline x86-64, where `rounded(.toNearestOrEven)` calls `rintf`):
    /// adding 1.5 * 2^23 makes the FPU round to an integer with ties to even, and that integer is then
    /// the low bits of the sum's bit pattern.
    @inline(__always)
    static func clampedFast(_ value: Float, maximum: Int32) -> Int32 {
        let magic: Float = 12_582_912
        let rounded = Int32(bitPattern: (value + magic).bitPattern) &- 0x4B40_0000
        return min(max(rounded, 0), maximum)
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
    @inline(__always) init(saturating value: Float) {
        // Resize results are blends of 16-bit samples, so finite and far inside +-2^22.
        self = UInt16(truncatingIfNeeded: PixelRounding.clampedFast(value, maximum: 65535))
    }
}

extension Float: FloatConvertiblePixel {
    @inline(__always) var floatValue: Float { self }
    @inline(__always) init(saturating value: Float) { self = value }
}
