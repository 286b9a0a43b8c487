import Foundation
import KikuchiIO

/// Computes NLPAR for one batch of output patterns from the rows around them.
final class NLPARWorker: PatternDenoisingWorker {
    let scan: ScanDescription
    let sigma: [Float]
    let inverseLambdaSquared: Float
    let searchRadius: Int
    let distanceThreshold: Float
    let pixels: NLPARPixels
    let saturation: Float?
    private let window: NLPARSearchWindow
    private var floats: [Float] = []
    private var comparedStorage: [Float] = []

    init(
        scan: ScanDescription, sigma: [Float], lambda: Float, searchRadius: Int, distanceThreshold: Float,
        pixels: NLPARPixels, saturation: Float?
    ) {
        self.scan = scan
        self.sigma = sigma
        inverseLambdaSquared = 1 / (lambda * lambda)
        self.searchRadius = searchRadius
        self.distanceThreshold = distanceThreshold
        self.pixels = pixels
        self.saturation = saturation
        window = NLPARSearchWindow(geometry: scan.geometry, count: scan.count)
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        let n = input.pixelsPerPattern
        // The float patterns and the compared pixels reuse this worker's arrays from unit to unit.
        input.writeFloats(into: &floats)
        var storage = comparedStorage
        comparedStorage = []
        let set = floats.withUnsafeBufferPointer {
            NLPARComparisonSet(
                $0, count: input.count, pixelsPerPattern: n, pixels: pixels, saturation: saturation, reusing: &storage)
        }
        defer { comparedStorage = set.storage }
        var output = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: outputs.count)
        // Normalised distances of the pairs met so far in this batch: each pair is compared once.
        var known: [UInt64: Float] = [:]
        var sum = [Float](repeating: 0, count: n)
        for (slot, index) in outputs.enumerated() {
            let (row, column) = scan.geometry.position(of: index)
            let neighbours = window.searchWindow(row: row, column: column, radius: searchRadius)
            // The slots of the search window, which the inputs hold whole.
            let slots = neighbours.map { inputs.slot(of: $0)! }
            let own = inputs.slot(of: index)!
            let ownVariance = sigma[index] * sigma[index]
            var weights = [Float](repeating: 0, count: neighbours.count)
            var total: Float = 0
            for (k, neighbour) in neighbours.enumerated() {
                var distance: Float = -1e6
                if neighbour != index {
                    let key = UInt64(min(index, neighbour)) | UInt64(max(index, neighbour)) << 32
                    if let cached = known[key] {
                        distance = cached
                    } else {
                        let (d2, n2) = set.distance(own, slots[k])
                        let both = ownVariance + sigma[neighbour] * sigma[neighbour]
                        let norm = both * (2 * n2).squareRoot()
                        distance = norm > 1e-8 ? (d2 - n2 * both) / norm : 1e6 * n2
                        known[key] = distance
                    }
                }
                weights[k] = exp(-max(distance - distanceThreshold, 0) * inverseLambdaSquared)
                total += weights[k]
            }
            sum.withUnsafeMutableBufferPointer { out in
                out.initialize(repeating: 0)
                floats.withUnsafeBufferPointer { all in
                    for k in neighbours.indices {
                        Self.accumulate(
                            all.baseAddress! + slots[k] * n, weight: weights[k] / total,
                            into: out.baseAddress!, count: n)
                    }
                }
            }
            output.setPattern(slot, from: sum)
        }
        return output
    }

    /// target[p] += weight x source[p], eight lanes at a time.
    @inline(__always)
    static func accumulate(_ source: UnsafePointer<Float>, weight: Float, into target: UnsafeMutablePointer<Float>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        let w = SIMD8<Float>(repeating: weight)
        var p = 0
        while p + 8 <= count {
            let sum = to.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self) + w * from.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
            to.storeBytes(of: sum, toByteOffset: p * 4, as: SIMD8<Float>.self)
            p += 8
        }
        while p < count {
            target[p] += weight * source[p]
            p += 1
        }
    }
}
