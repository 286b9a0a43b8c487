import KikuchiIO

/// Averages each pattern of a batch over the window positions that `RegionMergingAveraging`
/// marked as sharing its region (the pattern itself always does).
final class RegionAveragingWorker: PatternDenoisingWorker {
    let scan: ScanDescription
    /// The window's taps around a pattern on an even row and on an odd row (they differ on hex grids).
    private let tapsByParity: [[NeighbourWindow.Tap]]
    private let sameRegion: [UInt64]
    private let wordsPerPattern: Int

    init(scan: ScanDescription, window: NeighbourWindow, sameRegion: [UInt64], wordsPerPattern: Int) {
        self.scan = scan
        tapsByParity = [window.taps(centreRow: 0, in: scan.geometry), window.taps(centreRow: 1, in: scan.geometry)]
        self.sameRegion = sameRegion
        self.wordsPerPattern = wordsPerPattern
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
            var members = 0
            for (bit, tap) in tapsByParity[row % 2].enumerated()
            where sameRegion[index * wordsPerPattern + bit / 64] & (1 << UInt64(bit % 64)) != 0 {
                guard let neighbour = geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: scan.count),
                      neighbour >= inputStart, neighbour < inputStart + input.count else { continue }
                members += 1
                inputs[neighbour - inputStart].withUnsafeBufferPointer { values in
                    sum.withUnsafeMutableBufferPointer { total in
                        for p in 0..<pixels { total[p] += values[p] }
                    }
                }
            }
            let scale = 1 / Float(max(members, 1))
            for p in 0..<pixels { sum[p] *= scale }
            output.setPattern(index - outputs.lowerBound, from: sum)
        }
        return output
    }
}
