import KikuchiIO

/// The part static and dynamic background correction share: take a background out of each pattern
/// (kikuchipy's `_remove_background_subtract` / `_divide`), then stretch the result onto the
/// pixel type's range, either per pattern (kikuchipy's default) or with one scan-wide minimum and
/// maximum so that patterns keep their relative intensities (kikuchipy's
/// `rescale_intensity(relative=True)`).
public struct BackgroundRemoval: Sendable {
    public var operation: BackgroundOperation
    /// kikuchipy's `scale_bg`: stretch the background onto each pattern's own min..max first.
    public var scaleBackground: Bool
    /// Keep relative intensities between patterns: one scan-wide min..max (found in a first pass)
    /// instead of each pattern's own.
    public var keepRelativeIntensities: Bool

    public init(
        operation: BackgroundOperation = .subtract, scaleBackground: Bool = false,
        keepRelativeIntensities: Bool = false
    ) {
        self.operation = operation
        self.scaleBackground = scaleBackground
        self.keepRelativeIntensities = keepRelativeIntensities
    }

    /// `pattern` with `background` taken out, before any stretching.
    ///
    /// With `scaleBackground`, the background b is first mapped to
    /// `(b - min b) / (max b - min b) * (max p - min p) + min p`, as kikuchipy's `scale_bg` does.
    public func corrected(_ pattern: [Float], background: [Float]) -> [Float] {
        var result = pattern
        if scaleBackground {
            let (bLow, bHigh) = DtypeRange.extremes(background)
            let (pLow, pHigh) = DtypeRange.extremes(pattern)
            let gain = bHigh > bLow ? (pHigh - pLow) / (bHigh - bLow) : 0
            operation.apply(&result, background: background.map { ($0 - bLow) * gain + pLow })
        } else {
            operation.apply(&result, background: background)
        }
        return result
    }

    /// The smallest and largest corrected value over the whole scan: the input range of the
    /// relative stretch. One pass over `reader`, one batch in memory at a time.
    func scanExtremes(
        _ reader: PatternReader, background: @escaping ([Float]) -> [Float],
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> (low: Float, high: Float) {
        var low = Float.infinity, high = -Float.infinity
        let total = reader.scan.count
        try reader.forEachBatch(size: reader.batchSize()) { start, batch in
            for i in 0..<batch.count {
                let pattern = batch.floats(of: i)
                let (l, h) = DtypeRange.extremes(corrected(pattern, background: background(pattern)))
                low = min(low, l)
                high = max(high, h)
            }
            progress("intensity range", start + batch.count, total)
        }
        return (low, high)
    }

    /// A worker applying this removal with `background(pattern)` as each pattern's background and
    /// `relativeRange` (when keeping relative intensities) as the stretch's input range.
    func makeWorker(
        range: DtypeRange, relativeRange: (low: Float, high: Float)?,
        background: @escaping ([Float]) -> [Float]
    ) -> PatternDenoisingWorker {
        BackgroundCorrectionWorker(removal: self, range: range, relativeRange: relativeRange, background: background)
    }
}
