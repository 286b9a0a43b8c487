import KikuchiIO

/// Averages the patterns of one batch with a `AveragingWindow`.
final class NeighbourPatternAveragingWorker: PatternDenoisingWorker {
    private let window: WindowSum
    private let range: DtypeRange

    init(window: AveragingWindow, scan: ScanDescription) {
        self.window = WindowSum(window: window, scan: scan)
        range = DtypeRange(scan.pixelType)
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        let patterns = (0..<input.count).map { input.floats(of: $0) }
        var output = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: outputs.count)
        var sum = [Float](repeating: 0, count: input.pixelsPerPattern)
        for (slot, index) in outputs.enumerated() {
            let weightSum = window.accumulate(around: index, inputs: patterns, holding: inputs, into: &sum) { _, tap in tap.weight }
            if weightSum > 0 {
                for p in sum.indices { sum[p] /= weightSum }
            }
            range.stretch(sum, into: &output, at: slot)
        }
        return output
    }
}
