import KikuchiIO

/// Corrects each pattern of a batch with a `BackgroundRemoval`.
final class BackgroundCorrectionWorker: PatternDenoisingWorker {
    let removal: BackgroundRemoval
    let range: DtypeRange
    let relativeRange: (low: Float, high: Float)?
    let background: ([Float]) -> [Float]

    init(
        removal: BackgroundRemoval, range: DtypeRange, relativeRange: (low: Float, high: Float)?,
        background: @escaping ([Float]) -> [Float]
    ) {
        self.removal = removal
        self.range = range
        self.relativeRange = relativeRange
        self.background = background
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        var output = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: outputs.count)
        for (slot, index) in outputs.enumerated() {
            let pattern = input.floats(of: inputs.slot(of: index)!)
            let corrected = removal.corrected(pattern, background: background(pattern))
            if let relativeRange {
                range.store(corrected, low: relativeRange.low, high: relativeRange.high, into: &output, at: slot)
            } else {
                range.stretch(corrected, into: &output, at: slot)
            }
        }
        return output
    }
}
