/// The pixels NLPAR compares patterns on, and the comparison itself.
///
/// PyEBSDIndex compares only the pixels inside a centred circle of radius 0.98 x min(h, w) / 2
/// (`NLPAR.makeautomask`) and, with saturation protection, only the pixels where both patterns are
/// below a threshold (0.999 x the scan maximum for the averaging, 0.9961 x for the noise estimate).
struct NLPARPixels: Sendable {
    /// Row-major indices of the compared pixels.
    let indices: [Int]

    /// The circular mask of PyEBSDIndex's `makeautomask(h, w)`: pixel (y, x) is kept when
    /// sqrt(dy^2 + dx^2) < 0.98 x min(h, w) / 2, with dy, dx its wrapped distances to (h / 2, w / 2)
    /// (integer halves), computed in float32 as NumPy does.
    init(width: Int, height: Int, masked: Bool) {
        guard masked else {
            indices = Array(0..<width * height)
            return
        }
        let radius = Float(Double(min(width, height)) * 0.98 * 0.5)
        var kept: [Int] = []
        for y in 0..<height {
            let yy = ((y - height / 2) % height + height) % height
            let dy = Float(min(yy, height - yy))
            for x in 0..<width {
                let xx = ((x - width / 2) % width + width) % width
                let dx = Float(min(xx, width - xx))
                if (dy * dy + dx * dx).squareRoot() < radius { kept.append(y * width + x) }
            }
        }
        indices = kept
    }

    var count: Int { indices.count }

    /// The compared pixels of `pattern`, contiguous.
    func gather(_ pattern: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>) {
        for (k, index) in indices.enumerated() { target[k] = pattern[index] }
    }

    /// sum over q of (a[q] - b[q])^2, eight lanes at a time.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>.zero, lanes2 = SIMD8<Float>.zero
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        var q = 0
        while q + 16 <= count {
            let d = rawA.loadUnaligned(fromByteOffset: q * 4, as: SIMD8<Float>.self) - rawB.loadUnaligned(fromByteOffset: q * 4, as: SIMD8<Float>.self)
            let e =
                rawA.loadUnaligned(fromByteOffset: q * 4 + 32, as: SIMD8<Float>.self) - rawB.loadUnaligned(fromByteOffset: q * 4 + 32, as: SIMD8<Float>.self)
            lanes += d * d
            lanes2 += e * e
            q += 16
        }
        var sum = (lanes + lanes2).sum()
        while q < count {
            let d = a[q] - b[q]
            sum += d * d
            q += 1
        }
        return sum
    }

    /// sum over q of v[q] (a[q] - b[q])^2 and sum of v[q], where v = validA x validB (1 or 0 per pixel):
    /// the distance over the pixels unsaturated in both patterns, eight lanes at a time.
    static func squaredDistance(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        validA: UnsafePointer<Float>, validB: UnsafePointer<Float>, count: Int
    ) -> (distance: Float, pixels: Float) {
        var distance = SIMD8<Float>.zero, pixels = SIMD8<Float>.zero
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        let rawVA = UnsafeRawPointer(validA), rawVB = UnsafeRawPointer(validB)
        var q = 0
        while q + 8 <= count {
            let offset = q * 4
            let v = rawVA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * rawVB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            let d = rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) - rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            distance += v * d * d
            pixels += v
            q += 8
        }
        var total = distance.sum(), valid = pixels.sum()
        while q < count {
            let v = validA[q] * validB[q]
            let d = a[q] - b[q]
            total += v * d * d
            valid += v
            q += 1
        }
        return (total, valid)
    }
}
