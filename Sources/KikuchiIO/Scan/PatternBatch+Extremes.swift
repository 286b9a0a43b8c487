extension PatternBatch {
    /// The smallest and largest finite value of every pattern, in their own units; nil when there
    /// is none. Read in place, without a float copy of the batch.
    public func finiteExtremes() -> (low: Float, high: Float)? {
        var low = Float.infinity, high = -Float.infinity
        bytes.withUnsafeBytes { raw in
            switch pixelType {
            case .uint8:
                let values = raw.bindMemory(to: UInt8.self)
                if let least = values.min(), let most = values.max() { (low, high) = (Float(least), Float(most)) }
            case .uint16:
                let values = raw.bindMemory(to: UInt16.self)
                if let least = values.min(), let most = values.max() { (low, high) = (Float(least), Float(most)) }
            case .float32:
                let values = raw.bindMemory(to: Float.self)
                // Eight lanes at a time; a lane that is not finite (NaN compares false) is skipped.
                var lows = SIMD8<Float>(repeating: .infinity), highs = SIMD8<Float>(repeating: -.infinity)
                var k = 0
                while k + 8 <= values.count {
                    let v = UnsafeRawPointer(values.baseAddress! + k).loadUnaligned(as: SIMD8<Float>.self)
                    let finite = (v .< .infinity) .& (v .> -.infinity)
                    lows.replace(with: v, where: finite .& (v .< lows))
                    highs.replace(with: v, where: finite .& (v .> highs))
                    k += 8
                }
                (low, high) = (lows.min(), highs.max())
                for value in values[k...] where value.isFinite {
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                }
            }
        }
        return low <= high ? (low, high) : nil
    }
}
