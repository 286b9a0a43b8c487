extension PatternBatch {
    /// Adds every pattern of an integer batch, pixel by pixel, to `sums` (`pixelsPerPattern`
    /// totals). Integer sums are exact, so the result does not depend on the order in which
    /// patterns or batches are added.
    public func addIntegerPixels(to sums: UnsafeMutableBufferPointer<UInt64>) {
        precondition(pixelType.isInteger, "addIntegerPixels needs an integer pixel type, not \(pixelType)")
        precondition(sums.count == pixelsPerPattern, "a pattern has \(pixelsPerPattern) pixels, not \(sums.count)")
        let pixels = pixelsPerPattern
        guard pixels > 0 else { return }
        let total = sums.baseAddress!
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                switch pixelType {
                case .uint8:
                    let p = raw.bindMemory(to: UInt8.self).baseAddress! + index * pixels
                    for i in 0..<pixels { total[i] &+= UInt64(p[i]) }
                case .uint16:
                    let p = raw.bindMemory(to: UInt16.self).baseAddress! + index * pixels
                    for i in 0..<pixels { total[i] &+= UInt64(p[i]) }
                case .float32:
                    break
                }
            }
        }
    }
}
