import KikuchiIO

/// Averages each pattern of a batch over the window positions that `RegionAveraging`
/// marked as sharing its region (the pattern itself always does).
final class RegionAveragingWorker: PatternDenoisingWorker {
    private let window: WindowSum
    private let membership: RegionMembership

    init(scan: ScanDescription, membership: RegionMembership) {
        window = WindowSum(tapsByParity: membership.tapsByParity, scan: scan)
        self.membership = membership
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        let patterns = (0..<input.count).map { input.floats(of: $0) }
        var output = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: outputs.count)
        var sum = [Float](repeating: 0, count: input.pixelsPerPattern)
        for (slot, index) in outputs.enumerated() {
            let members = window.accumulate(around: index, inputs: patterns, holding: inputs, into: &sum) { k, _ in
                membership.contains(index, tap: k) ? 1 : 0
            }
            let scale = 1 / max(members, 1)
            for p in sum.indices { sum[p] *= scale }
            output.setPattern(slot, from: sum)
        }
        return output
    }
}
