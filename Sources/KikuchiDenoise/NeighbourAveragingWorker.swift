import KikuchiIO

/// Averages the patterns of one batch with a `NeighbourWindow`.
final class NeighbourAveragingWorker: PatternDenoisingWorker {
    let scan: ScanDescription
    /// The window's taps around a pattern on an even row and on an odd row (they differ on hex grids).
    private let tapsByParity: [[NeighbourWindow.Tap]]
    private let range: DtypeRange

    init(window: NeighbourWindow, scan: ScanDescription) {
        self.scan = scan
        tapsByParity = [window.taps(centreRow: 0, in: scan.geometry), window.taps(centreRow: 1, in: scan.geometry)]
        range = DtypeRange(scan.pixelType)
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let geometry = scan.geometry
        let pixels = input.pixelsPerPattern
        let inputs = (0..<input.count).map { input.floats(of: $0) }
        var output = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: outputs.count)
        var sum = [Float](repeating: 0, count: pixels)
        for index in outputs {
            let (row, column) = geometry.position(of: index)
            for p in 0..<pixels { sum[p] = 0 }
            var weightSum: Float = 0
            for tap in tapsByParity[row % 2] {
                guard let neighbour = geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: scan.count),
                      neighbour >= inputStart, neighbour < inputStart + input.count else { continue }
                weightSum += tap.weight
                let weight = tap.weight
                inputs[neighbour - inputStart].withUnsafeBufferPointer { values in
                    sum.withUnsafeMutableBufferPointer { total in
                        for p in 0..<pixels { total[p] += weight * values[p] }
                    }
                }
            }
            if weightSum > 0 {
                for p in 0..<pixels { sum[p] /= weightSum }
            }
            range.stretch(sum, into: &output, at: index - outputs.lowerBound)
        }
        return output
    }
}
