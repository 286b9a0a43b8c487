/// Pixel-value rescaling of float patterns, as kikuchipy's `rescale_intensity` and
/// `normalize_intensity` do it.
public enum IntensityScaling {
    /// Maps [inputLow, inputHigh] linearly onto `range` and clips to it:
    /// out = low + (clamp(v, inputLow, inputHigh) - inputLow) * (high - low) / (inputHigh - inputLow),
    /// computed in double. Without an input range the image's own minimum and maximum are used.
    /// A flat input range (inputLow == inputHigh) maps every pixel to `range.lowerBound`.
    public static func rescale(
        _ image: Image<Float>, to range: ClosedRange<Float> = 0...1,
        from inputRange: ClosedRange<Float>? = nil
    ) -> Image<Float> {
        let input = inputRange ?? minimumAndMaximum(image.pixels)
        let low = Double(input.lowerBound), high = Double(input.upperBound)
        let outLow = Double(range.lowerBound), outHigh = Double(range.upperBound)
        guard high > low else {
            return Image(
                validWidth: image.width, height: image.height,
                pixels: Array(repeating: range.lowerBound, count: image.pixels.count))
        }
        let gain = (outHigh - outLow) / (high - low)
        let pixels = image.pixels.map { value -> Float in
            let clamped = min(max(Double(value), low), high)
            return Float(outLow + (clamped - low) * gain)
        }
        return Image(validWidth: image.width, height: image.height, pixels: pixels)
    }

    /// ``rescale(_:to:from:)`` with the input range set to the `low` and `high` percentiles of the image
    /// (each in 0...100, see ``percentile(_:of:)``), so that outliers saturate instead of compressing
    /// the rest; kikuchipy's `rescale_intensity(percentiles=(low, high))`.
    public static func rescale(
        _ image: Image<Float>, to range: ClosedRange<Float> = 0...1,
        percentiles low: Double, _ high: Double
    ) throws -> Image<Float> {
        guard low >= 0, high <= 100, low <= high else {
            throw ImageOpsError.invalidParameter("percentiles \(low), \(high) are invalid: they must satisfy 0 <= low <= high <= 100")
        }
        let sorted = image.pixels.sorted()
        let inputLow = Float(percentile(low, ofSorted: sorted)), inputHigh = Float(percentile(high, ofSorted: sorted))
        return rescale(image, to: range, from: inputLow...inputHigh)
    }

    /// NumPy's default (`linear`) percentile: position p / 100 * (n - 1) in the sorted values,
    /// interpolated between the two values around it.
    public static func percentile(_ p: Double, of values: [Float]) -> Double {
        percentile(p, ofSorted: values.sorted())
    }

    static func percentile(_ p: Double, ofSorted sorted: [Float]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p / 100 * Double(sorted.count - 1)
        let below = min(max(Int(position.rounded(.down)), 0), sorted.count - 1)
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        let a = Double(sorted[below]), b = Double(sorted[above])
        return a + (b - a) * fraction
    }

    /// Zero mean and unit standard deviation: out = (v - mean) / std with the population standard
    /// deviation (divide by n), mean and deviation summed in double. A constant image becomes all zeros.
    public static func normalize(_ image: Image<Float>) -> Image<Float> {
        let count = Double(image.pixels.count)
        let mean = image.pixels.reduce(0.0) { $0 + Double($1) } / count
        let variance = image.pixels.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        let deviation = variance.squareRoot()
        guard deviation > 0 else {
            return Image(validWidth: image.width, height: image.height, pixels: Array(repeating: 0, count: image.pixels.count))
        }
        return Image(
            validWidth: image.width, height: image.height,
            pixels: image.pixels.map { Float((Double($0) - mean) / deviation) })
    }

    private static func minimumAndMaximum(_ values: [Float]) -> ClosedRange<Float> {
        var low = values[0], high = values[0]
        for v in values {
            low = min(low, v)
            high = max(high, v)
        }
        return low...high
    }
}
