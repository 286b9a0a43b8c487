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

    init(scan: ScanDescription, sigma: [Float], lambda: Float, searchRadius: Int, distanceThreshold: Float,
         pixels: NLPARPixels, saturation: Float?) {
        self.scan = scan
        self.sigma = sigma
        inverseLambdaSquared = 1 / (lambda * lambda)
        self.searchRadius = searchRadius
        self.distanceThreshold = distanceThreshold
        self.pixels = pixels
        self.saturation = saturation
        window = NLPARSearchWindow(geometry: scan.geometry, count: scan.count)
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let n = input.pixelsPerPattern
        var floats = [Float](repeating: 0, count: input.count * n)
        for i in 0..<input.count {
            floats.replaceSubrange(i * n ..< (i + 1) * n, with: input.floats(of: i))
        }
        let set = floats.withUnsafeBufferPointer {
            NLPARComparisonSet($0, count: input.count, pixelsPerPattern: n, pixels: pixels, saturation: saturation)
        }
        var output = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: outputs.count)
        // Normalised distances of the pairs met so far in this batch: each pair is compared once.
        var known: [UInt64: Float] = [:]
        var sum = [Float](repeating: 0, count: n)
        let top = Float(scan.pixelType.maximum)
        for index in outputs {
            let (row, column) = scan.geometry.position(of: index)
            let neighbours = window.searchWindow(row: row, column: column, radius: searchRadius)
            let own = sigma[index] * sigma[index]
            var weights = [Float](repeating: 0, count: neighbours.count)
            var total: Float = 0
            for (k, neighbour) in neighbours.enumerated() {
                var distance: Float = -1e6
                if neighbour != index {
                    let key = UInt64(min(index, neighbour)) | UInt64(max(index, neighbour)) << 32
                    if let cached = known[key] {
                        distance = cached
                    } else {
                        let (d2, n2) = set.distance(index - inputStart, neighbour - inputStart)
                        let both = own + sigma[neighbour] * sigma[neighbour]
                        let norm = both * (2 * n2).squareRoot()
                        distance = norm > 1e-8 ? (d2 - n2 * both) / norm : 1e6 * n2
                        known[key] = distance
                    }
                }
                weights[k] = exp(-max(distance - distanceThreshold, 0) * inverseLambdaSquared)
                total += weights[k]
            }
            for p in 0..<n { sum[p] = 0 }
            floats.withUnsafeBufferPointer { all in
                sum.withUnsafeMutableBufferPointer { out in
                    for (k, neighbour) in neighbours.enumerated() {
                        let w = weights[k] / total
                        let source = all.baseAddress! + (neighbour - inputStart) * n
                        for p in 0..<n { out[p] += source[p] * w }
                    }
                }
            }
            if scan.pixelType.isInteger {
                for p in 0..<n { sum[p] = min(max(sum[p], 0), top).rounded(.towardZero) }
            }
            output.setPattern(index - outputs.lowerBound, from: sum)
        }
        return output
    }
}
