import KikuchiIO

/// The output range kikuchipy stretches corrected patterns onto: scikit-image's `dtype_range`,
/// [0, 255] for uint8, [0, 65535] for uint16 and [-1, 1] for float32.
///
/// kikuchipy's `_rescale_with_min_max(p, imin, imax, omin, omax)` computes
/// `(p - imin) / (imax - imin) * (omax - omin) + omin`; `store` computes the same in float32 and
/// leaves the rounding to the writer (kikuchipy truncates with NumPy's `astype`, so an integer
/// output differs from kikuchipy's by at most one level).
public struct DtypeRange: Equatable, Sendable {
    public let lower: Double
    public let upper: Double
    public let pixelType: PixelType

    public init(_ pixelType: PixelType) {
        self.pixelType = pixelType
        switch pixelType {
        case .uint8: (lower, upper) = (0, 255)
        case .uint16: (lower, upper) = (0, 65535)
        case .float32: (lower, upper) = (-1, 1)
        }
    }

    /// Stores `values` as pattern `index` of `batch` (float32), mapping `low ... high` linearly onto
    /// this range. A flat input (`high == low`) has no contrast to stretch and becomes `lower`
    /// everywhere, where kikuchipy would divide by zero.
    public func store(_ values: [Float], low: Float, high: Float, into batch: inout PatternBatch, at index: Int) {
        precondition(batch.pixelType == .float32, "denoisers compute in float32")
        let span = Double(high - low)
        let gain = span > 0 && span.isFinite ? (upper - lower) / span : 0
        let lower = self.lower, upper = self.upper
        let n = values.count
        let start = index * n
        batch.bytes.withUnsafeMutableBytes { raw in
            values.withUnsafeBufferPointer { v in
                let out = raw.bindMemory(to: Float.self)
                for i in 0..<n {
                    out[start + i] = Float(Self.clamped(Double(v[i] - low) * gain + lower, lower, upper))
                }
            }
        }
    }

    /// Stores `values` with their own minimum and maximum stretched onto the range (kikuchipy's
    /// per-pattern rescale, which loses relative intensities between patterns).
    public func stretch(_ values: [Float], into batch: inout PatternBatch, at index: Int) {
        let (low, high) = Self.extremes(values)
        store(values, low: low, high: high, into: &batch, at: index)
    }

    /// The smallest and largest of `values`, ignoring NaN.
    public static func extremes(_ values: [Float]) -> (low: Float, high: Float) {
        var low = Float.infinity, high = -Float.infinity
        for value in values where !value.isNaN {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        return (low, high)
    }

    /// `value` inside `lower ... upper`; NaN becomes `lower`.
    @inline(__always)
    static func clamped(_ value: Double, _ lower: Double, _ upper: Double) -> Double {
        value >= lower ? Swift.min(value, upper) : lower
    }
}
