import Foundation

/// The blur of a detector's phosphor and optics: a separable Gaussian of `sigma` pixels,
/// truncated at radius ceil(3 sigma), weights exp(-k^2 / (2 sigma^2)) normalised to sum 1, with
/// the edge pixels repeated outside the pattern. Rows, then columns, in single precision: a
/// physical model, not a reproduction of a library's filter, kept fast because every simulated
/// pattern goes through it twice (truth and recording).
public struct DetectorBlur: Sendable {
    public let sigma: Double
    private let weights: [Float]

    public init(sigma: Double) {
        self.sigma = sigma
        let radius = max(0, Int((3 * sigma).rounded(.up)))
        let raw = (-radius...radius).map { k in sigma > 0 ? exp(-Double(k * k) / (2 * sigma * sigma)) : (k == 0 ? 1 : 0) }
        let total = raw.reduce(0, +)
        weights = raw.map { Float($0 / total) }
    }

    public var radius: Int { weights.count / 2 }

    /// `values` (width x height, row-major) blurred. Each pass adds whole shifted rows times a
    /// weight, so the inner loops run over contiguous pixels.
    public func apply(_ values: [Float], width: Int, height: Int) -> [Float] {
        guard radius > 0 else { return values }
        let r = radius
        var padded = [Float](repeating: 0, count: width + 2 * r)
        var across = [Float](repeating: 0, count: values.count)
        var out = across
        values.withUnsafeBufferPointer { input in
            across.withUnsafeMutableBufferPointer { middle in
                padded.withUnsafeMutableBufferPointer { line in
                    for y in 0..<height {
                        let row = y * width
                        for x in 0..<(width + 2 * r) { line[x] = input[row + min(max(x - r, 0), width - 1)] }
                        for x in 0..<width { middle[row + x] = 0 }
                        for k in 0..<weights.count {
                            DetectorBlur.addScaled(
                                UnsafePointer(line.baseAddress! + k), weight: weights[k],
                                into: middle.baseAddress! + row, count: width)
                        }
                    }
                }
            }
        }
        across.withUnsafeBufferPointer { middle in
            out.withUnsafeMutableBufferPointer { output in
                for y in 0..<height {
                    let row = y * width
                    for k in 0..<weights.count {
                        let w = weights[k]
                        let source = min(max(y + k - r, 0), height - 1) * width
                        DetectorBlur.addScaled(middle.baseAddress! + source, weight: w, into: output.baseAddress! + row, count: width)
                    }
                }
            }
        }
        return out
    }

    /// target[i] += weight * source[i] for i < count, eight lanes at a time.
    @inline(__always)
    private static func addScaled(_ source: UnsafePointer<Float>, weight: Float, into target: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let lanes = SIMD8<Float>(repeating: weight)
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        while i + 8 <= count {
            let sum =
                to.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + lanes * from.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            to.storeBytes(of: sum, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            target[i] += weight * source[i]
            i += 1
        }
    }
}
