/// Changes the pixel type of patterns by an affine map, `out = in * gain + bias`, rounded to
/// nearest and clamped for integer targets.
///
/// Narrowing (uint16 or float32 to 8 or 16 bits) uses the map that sends a chosen range onto the
/// target's full range, and records its inverse (an `IntensityMapping`) so a repack can restore
/// the original values; widening (uint8 to uint16) keeps the values as they are.
public struct PixelConversion: Equatable, Sendable {
    public var target: PixelType
    public var gain: Double
    public var bias: Double

    public init(target: PixelType, gain: Double = 1, bias: Double = 0) {
        self.target = target
        self.gain = gain
        self.bias = bias
    }

    /// The conversion that stores original values through `mapping` (stored = (original - offset) / scale).
    public static func storing(as target: PixelType, through mapping: IntensityMapping) -> PixelConversion {
        PixelConversion(target: target, gain: 1 / mapping.scale, bias: -mapping.offset / mapping.scale)
    }

    /// The conversion that restores original values from stored ones (original = stored * scale + offset).
    public static func restoring(as target: PixelType, through mapping: IntensityMapping) -> PixelConversion {
        PixelConversion(target: target, gain: mapping.scale, bias: mapping.offset)
    }

    public var isIdentity: Bool { gain == 1 && bias == 0 }

    /// `batch` in the target pixel type.
    public func apply(to batch: PatternBatch) -> PatternBatch {
        if batch.pixelType == target && isIdentity { return batch }
        var out = PatternBatch(width: batch.width, height: batch.height, pixelType: target, count: batch.count)
        let g = Float(gain), b = Float(bias)
        for index in 0..<batch.count {
            var values = batch.floats(of: index)
            if !isIdentity {
                for i in values.indices { values[i] = values[i] * g + b }
            }
            out.setPattern(index, from: values)
        }
        return out
    }
}
