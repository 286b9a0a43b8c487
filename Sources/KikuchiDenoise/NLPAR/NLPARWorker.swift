import Foundation
import KikuchiIO

/// Computes NLPAR for one map tile of output patterns from the patterns around them.
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
            for k in weights.indices { weights[k] /= total }
            sum.withUnsafeMutableBufferPointer { out in
                floats.withUnsafeBufferPointer { all in
                    Self.weightedSum(slots.map { all.baseAddress! + $0 * n }, weights: weights, into: out.baseAddress!, count: n)
                }
            }
            output.setPattern(slot, from: sum)
        }
        return output
    }

    /// target[p] = sum over k of weights[k] x sources[k][p], added in the order of k from 0:
    /// 32 pixels at a time in four eight-lane registers, so that the sum is stored once per pixel
    /// rather than once per source.
    static func weightedSum(_ sources: [UnsafePointer<Float>], weights: [Float], into target: UnsafeMutablePointer<Float>, count: Int) {
        let to = UnsafeMutableRawPointer(target)
        let lanes = weights.map { SIMD8<Float>(repeating: $0) }
        sources.map { UnsafeRawPointer($0) }.withUnsafeBufferPointer { from in
            lanes.withUnsafeBufferPointer { w in
                var p = 0
                while p + 32 <= count {
                    var a = SIMD8<Float>.zero, b = SIMD8<Float>.zero, c = SIMD8<Float>.zero, d = SIMD8<Float>.zero
                    let offset = p * 4
                    for k in 0..<from.count {
                        let source = from[k]
                        a = a + w[k] * source.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        b = b + w[k] * source.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self)
                        c = c + w[k] * source.loadUnaligned(fromByteOffset: offset + 64, as: SIMD8<Float>.self)
                        d = d + w[k] * source.loadUnaligned(fromByteOffset: offset + 96, as: SIMD8<Float>.self)
                    }
                    to.storeBytes(of: a, toByteOffset: offset, as: SIMD8<Float>.self)
                    to.storeBytes(of: b, toByteOffset: offset + 32, as: SIMD8<Float>.self)
                    to.storeBytes(of: c, toByteOffset: offset + 64, as: SIMD8<Float>.self)
                    to.storeBytes(of: d, toByteOffset: offset + 96, as: SIMD8<Float>.self)
                    p += 32
                }
                while p + 8 <= count {
                    var a = SIMD8<Float>.zero
                    for k in 0..<from.count { a = a + w[k] * from[k].loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self) }
                    to.storeBytes(of: a, toByteOffset: p * 4, as: SIMD8<Float>.self)
                    p += 8
                }
                while p < count {
                    var a: Float = 0
                    for k in 0..<from.count { a += weights[k] * sources[k][p] }
                    target[p] = a
                    p += 1
                }
            }
        }
    }
}
