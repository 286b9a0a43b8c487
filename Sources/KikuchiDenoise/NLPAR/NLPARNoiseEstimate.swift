import Dispatch
import KikuchiIO

/// PyEBSDIndex's per-pattern noise estimate (`NLPAR.sigma_numba` with nn = 1) and the normalised
/// nearest-neighbour distances its `opt_lambda` fits lambda to, computed in one streamed pass.
///
/// For pattern i and each neighbour j of its 3 x 3 map neighbourhood (clipped at the map edges):
/// d2 = sum (p_i - p_j)^2 and n2 = 1e-12 + the number of compared pixels (inside the mask and, with
/// saturation protection, below 0.9961 x the scan maximum in both). sigma_i^2 is the smallest
/// d2 / (2 n2) over the neighbours with d2 >= 1e-3 (a pattern stored twice is no estimate of noise).
///
/// The lambda fit uses, for each neighbourhood slot, D = (d2 - n2 (s_i^2 + s_j^2)) / ((s_i^2 + s_j^2) sqrt(2 n2));
/// the pattern itself counts as D < 0 and slots outside the map as D = 0, as PyEBSDIndex leaves them.
/// On scans of a million patterns or more only every second row and column is kept for the fit,
/// as PyEBSDIndex does.
struct NLPARNoiseEstimate {
    /// sigma per pattern, in scan order.
    var sigma: [Float]
    /// Nine normalised distances per sampled pattern, for `NLPARLambdaFit`.
    var neighbourDistances: [Float]

    /// One 3 x 3 slot of a sampled pattern before normalisation.
    private struct Slot {
        var neighbour: Int
        var distance: Float
        var pixels: Float
    }

    static func compute(
        _ reader: PatternReader, pixels: NLPARPixels, saturation: Float?, keepDistances: Bool,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> NLPARNoiseEstimate {
        let scan = reader.scan
        let geometry = scan.geometry
        let window = NLPARSearchWindow(geometry: geometry, count: scan.count)
        let stride = scan.count >= 1_000_000 ? 2 : 1
        var sigma = [Float](repeating: 1e12, count: scan.count)
        // Raw slots of the sampled patterns, keyed by the pattern's scan index.
        var sampledSlots: [(index: Int, slots: [Slot])] = []
        let rowBytes = max(geometry.columns * scan.pixelsPerPattern * 4, 1)
        let rowsPerBlock = max(1, (64 << 20) / rowBytes)
        var firstRow = 0
        while firstRow < geometry.rows {
            let lastRow = min(firstRow + rowsPerBlock, geometry.rows) - 1
            let outputs = geometry.indices(ofRows: firstRow...lastRow, count: scan.count)
            let inputs = geometry.indices(ofRows: firstRow - 1...lastRow + 1, count: scan.count)
            guard !outputs.isEmpty else { break }
            let batch = try reader.read(inputs)
            let floats = batch.floatMatrix()
            let set = floats.withUnsafeBufferPointer {
                NLPARComparisonSet($0, count: batch.count, pixelsPerPattern: scan.pixelsPerPattern, pixels: pixels, saturation: saturation)
            }
            var blockSigma = [Float](repeating: 0, count: outputs.count)
            var blockSlots = [[Slot]?](repeating: nil, count: outputs.count)
            let fullCount = Float(scan.pixelsPerPattern)
            blockSigma.withUnsafeMutableBufferPointer { sigmaOut in
                blockSlots.withUnsafeMutableBufferPointer { slotsOut in
                    let sigmaBase = sigmaOut.baseAddress!, slotsBase = slotsOut.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: outputs.count) { k in
                        let index = outputs.lowerBound + k
                        let (row, column) = geometry.position(of: index)
                        let sampled = keepDistances && row % stride == 0 && column % stride == 0
                        var smallest: Float = 1e24
                        var slots: [Slot] = []
                        for neighbour in window.nearestNeighbours(row: row, column: column) {
                            guard neighbour != index else {
                                if sampled { slots.append(Slot(neighbour: index, distance: 0, pixels: fullCount)) }
                                continue
                            }
                            let (d2, n) = set.distance(index - inputs.lowerBound, neighbour - inputs.lowerBound)
                            let n2 = n + 1e-12
                            if d2 >= 1e-3 { smallest = min(smallest, d2 / (n2 * 2)) }
                            if sampled { slots.append(Slot(neighbour: neighbour, distance: d2, pixels: n2)) }
                        }
                        sigmaBase[k] = smallest.squareRoot()
                        if sampled { slotsBase[k] = slots }
                    }
                }
            }
            sigma.replaceSubrange(outputs, with: blockSigma)
            for (k, slots) in blockSlots.enumerated() {
                if let slots { sampledSlots.append((outputs.lowerBound + k, slots)) }
            }
            progress("noise estimate", outputs.upperBound, scan.count)
            firstRow = lastRow + 1
        }
        var distances = [Float](repeating: 0, count: sampledSlots.count * 9)
        for (s, sample) in sampledSlots.enumerated() {
            let own = sigma[sample.index] * sigma[sample.index]
            for (slot, entry) in sample.slots.enumerated() where entry.pixels > 0 {
                let other = sigma[entry.neighbour] * sigma[entry.neighbour]
                let both = own + other
                distances[s * 9 + slot] = (entry.distance - entry.pixels * both) / (both * (2 * entry.pixels).squareRoot())
            }
        }
        return NLPARNoiseEstimate(sigma: sigma, neighbourDistances: distances)
    }
}
