/// The inner loops of ``ResizePlan``, on raw row-major buffers. Each reproduces the arithmetic of the
/// OpenCV 5.0 code path named in its comment, so that results agree to the last bit or the last unit.
enum ResizeKernels {
    /// Remembers which source rows two scratch rows hold, so that each horizontally resized source row
    /// is computed once while the output rows walk down the image (OpenCV keeps the same ring).
    private struct RowPair {
        var held: (Int32, Int32) = (-1, -1)

        /// The slots (0 or 1) holding rows `first` and `second`, filling missing ones with `fill(row, slot)`.
        mutating func slots(_ first: Int32, _ second: Int32, fill: (Int32, Int) -> Void) -> (Int, Int) {
            let firstSlot: Int
            if held.0 == first {
                firstSlot = 0
            } else if held.1 == first {
                firstSlot = 1
            } else {
                firstSlot = held.0 == second ? 1 : 0
                fill(first, firstSlot)
                if firstSlot == 0 { held.0 = first } else { held.1 = first }
            }
            if second == first { return (firstSlot, firstSlot) }
            let secondSlot: Int
            if held.0 == second {
                secondSlot = 0
            } else if held.1 == second {
                secondSlot = 1
            } else {
                secondSlot = 1 - firstSlot
                fill(second, secondSlot)
                if secondSlot == 0 { held.0 = second } else { held.1 = second }
            }
            return (firstSlot, secondSlot)
        }
    }

    /// OpenCV's 8-bit `INTER_LINEAR`: horizontal taps in 11-bit fixed point give an int row
    /// h = s0 * a0 + s1 * a1 (a0 + a1 about 2048); the vertical step is the SIMD kernel OpenCV runs on
    /// every column (`VResizeLinearVec_32s8u`):
    /// out = (((h0 >> 4) * b0 >> 16) + ((h1 >> 4) * b1 >> 16) + 2) >> 2, clamped to 0...255.
    /// It can sit one level below the exact (h0 * b0 + h1 * b1 + 2^21) >> 22, and OpenCV gives it.
    static func linearFixedPoint(
        _ source: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        _ target: UnsafeMutableBufferPointer<UInt8>, targetWidth: Int, targetHeight: Int,
        x: LinearResizeAxis, y: LinearResizeAxis
    ) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * targetWidth) { rows in
            let rowBase = rows.baseAddress!
            let src = source.baseAddress!
            x.lower.withUnsafeBufferPointer { xl in
                x.upper.withUnsafeBufferPointer { xu in
                    x.fixedLower.withUnsafeBufferPointer { a0 in
                        x.fixedUpper.withUnsafeBufferPointer { a1 in
                            var pair = RowPair()
                            for dy in 0..<targetHeight {
                                let (slot0, slot1) = pair.slots(y.lower[dy], y.upper[dy]) { row, slot in
                                    let line = src + Int(row) * width
                                    let out = rowBase + slot * targetWidth
                                    for dx in 0..<targetWidth {
                                        out[dx] = Int32(line[Int(xl[dx])]) &* a0[dx] &+ Int32(line[Int(xu[dx])]) &* a1[dx]
                                    }
                                }
                                let h0 = rowBase + slot0 * targetWidth
                                let h1 = rowBase + slot1 * targetWidth
                                let b0 = y.fixedLower[dy], b1 = y.fixedUpper[dy]
                                let out = target.baseAddress! + dy * targetWidth
                                for dx in 0..<targetWidth {
                                    let v = (((h0[dx] &>> 4) &* b0) &>> 16) &+ (((h1[dx] &>> 4) &* b1) &>> 16) &+ 2
                                    out[dx] = UInt8(truncatingIfNeeded: min(max(v &>> 2, 0), 255))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// How the float two-tap kernels combine two samples with fraction f.
    enum FloatTapForm {
        /// a + (b - a) * f: the form closest to OpenCV 5.0's 16-bit and float `INTER_LINEAR` (within one
        /// float ulp; its exact operation order is not public).
        case difference
        /// a * (1 - f) + b * f: OpenCV's generic float code (`HResizeLinear` / `VResizeLinear`), used by
        /// `INTER_AREA` when enlarging.
        case weighted
    }

    /// Two-tap resize in float for 16-bit and float images; 16-bit results are rounded (ties to even)
    /// and clamped as OpenCV's `saturate_cast` does.
    static func linearFloat<Pixel: FloatConvertiblePixel>(
        _ source: UnsafeBufferPointer<Pixel>, width: Int, height: Int,
        _ target: UnsafeMutableBufferPointer<Pixel>, targetWidth: Int, targetHeight: Int,
        x: LinearResizeAxis, y: LinearResizeAxis, form: FloatTapForm
    ) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * targetWidth) { rows in
            let rowBase = rows.baseAddress!
            let src = source.baseAddress!
            x.lower.withUnsafeBufferPointer { xl in
                x.upper.withUnsafeBufferPointer { xu in
                    x.weightLower.withUnsafeBufferPointer { w0 in
                        x.weightUpper.withUnsafeBufferPointer { w1 in
                            var pair = RowPair()
                            for dy in 0..<targetHeight {
                                let (slot0, slot1) = pair.slots(y.lower[dy], y.upper[dy]) { row, slot in
                                    let line = src + Int(row) * width
                                    let out = rowBase + slot * targetWidth
                                    switch form {
                                    case .difference:
                                        for dx in 0..<targetWidth {
                                            let a = line[Int(xl[dx])].floatValue, b = line[Int(xu[dx])].floatValue
                                            out[dx] = a + (b - a) * w1[dx]
                                        }
                                    case .weighted:
                                        for dx in 0..<targetWidth {
                                            out[dx] = line[Int(xl[dx])].floatValue * w0[dx] + line[Int(xu[dx])].floatValue * w1[dx]
                                        }
                                    }
                                }
                                let h0 = rowBase + slot0 * targetWidth
                                let h1 = rowBase + slot1 * targetWidth
                                let b0 = y.weightLower[dy], b1 = y.weightUpper[dy]
                                let out = target.baseAddress! + dy * targetWidth
                                switch form {
                                case .difference:
                                    for dx in 0..<targetWidth { out[dx] = Pixel(saturating: h0[dx] + (h1[dx] - h0[dx]) * b1) }
                                case .weighted:
                                    for dx in 0..<targetWidth { out[dx] = Pixel(saturating: h0[dx] * b0 + h1[dx] * b1) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// OpenCV's integer-factor `INTER_AREA` (`resizeAreaFast_`) for 8- and 16-bit images: the mean of
    /// each factorX x factorY block. For 2 x 2 OpenCV's SIMD kernel rounds (sum + 2) >> 2 (ties up);
    /// otherwise sum * (1 / area) in float, rounded with ties to even.
    static func boxAverage<Pixel: FixedWidthInteger & ImagePixel>(
        _ source: UnsafeBufferPointer<Pixel>, width: Int,
        _ target: UnsafeMutableBufferPointer<Pixel>, targetWidth: Int, targetHeight: Int,
        factorX: Int, factorY: Int
    ) {
        let src = source.baseAddress!, dst = target.baseAddress!
        let scale = 1 / Float(factorX * factorY)
        let maximum = Int32(truncatingIfNeeded: Int(Pixel.max))
        for dy in 0..<targetHeight {
            let top = src + dy * factorY * width
            for dx in 0..<targetWidth {
                var sum: Int32 = 0
                let corner = top + dx * factorX
                for row in 0..<factorY {
                    let line = corner + row * width
                    for column in 0..<factorX { sum &+= Int32(line[column]) }
                }
                if factorX == 2 && factorY == 2 {
                    dst[dy * targetWidth + dx] = Pixel(truncatingIfNeeded: (sum &+ 2) &>> 2)
                } else {
                    dst[dy * targetWidth + dx] = Pixel(truncatingIfNeeded: PixelRounding.clampedFast(Float(sum) * scale, maximum: maximum))
                }
            }
        }
    }

    /// OpenCV's integer-factor `INTER_AREA` for float images, in its summation order: for 2 x 2
    /// ((a + b) + (c + d)) * 0.25 with a, b the top pair; otherwise the block's samples in row-major order
    /// added four at a time, sum += ((s0 + s1) + s2) + s3, then times 1 / area.
    static func boxAverage(
        _ source: UnsafeBufferPointer<Float>, width: Int,
        _ target: UnsafeMutableBufferPointer<Float>, targetWidth: Int, targetHeight: Int,
        factorX: Int, factorY: Int
    ) {
        let src = source.baseAddress!, dst = target.baseAddress!
        let area = factorX * factorY
        let scale = 1 / Float(area)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: area) { offsets in
            for k in 0..<area { offsets[k] = (k / factorX) * width + k % factorX }
            for dy in 0..<targetHeight {
                let top = src + dy * factorY * width
                for dx in 0..<targetWidth {
                    let corner = top + dx * factorX
                    if factorX == 2 && factorY == 2 {
                        let upper = corner[0] + corner[1], lower = corner[width] + corner[width + 1]
                        dst[dy * targetWidth + dx] = (upper + lower) * 0.25
                        continue
                    }
                    var sum: Float = 0
                    var k = 0
                    while k + 4 <= area {
                        sum += corner[offsets[k]] + corner[offsets[k + 1]] + corner[offsets[k + 2]] + corner[offsets[k + 3]]
                        k += 4
                    }
                    while k < area { sum += corner[offsets[k]]; k += 1 }
                    dst[dy * targetWidth + dx] = sum * scale
                }
            }
        }
    }

    /// OpenCV's area-weighted shrink (`resizeArea_`): each source row is first reduced horizontally,
    /// row[d] += s * alpha over the x table in order, then output row d accumulates beta * row over the
    /// y table's entries for d; all in float, and 8/16-bit results rounded with ties to even.
    static func areaWeighted<Pixel: ImagePixel>(
        _ source: UnsafeBufferPointer<Pixel>, width: Int,
        _ target: UnsafeMutableBufferPointer<Pixel>, targetWidth: Int, targetHeight: Int,
        x: AreaResizeAxis, y: AreaResizeAxis,
        toFloat: (Pixel) -> Float, fromFloat: (Float) -> Pixel
    ) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * targetWidth) { scratch in
            let row = scratch.baseAddress!, sum = row + targetWidth
            let src = source.baseAddress!, dst = target.baseAddress!
            x.source.withUnsafeBufferPointer { xs in
                x.target.withUnsafeBufferPointer { xt in
                    x.weight.withUnsafeBufferPointer { xw in
                        for dy in 0..<targetHeight {
                            for dx in 0..<targetWidth { sum[dx] = 0 }
                            for entry in Int(y.first[dy])..<Int(y.first[dy + 1]) {
                                let line = src + Int(y.source[entry]) * width
                                let beta = y.weight[entry]
                                for dx in 0..<targetWidth { row[dx] = 0 }
                                for k in 0..<xs.count {
                                    row[Int(xt[k])] += toFloat(line[Int(xs[k])]) * xw[k]
                                }
                                for dx in 0..<targetWidth { sum[dx] += beta * row[dx] }
                            }
                            let out = dst + dy * targetWidth
                            for dx in 0..<targetWidth { out[dx] = fromFloat(sum[dx]) }
                        }
                    }
                }
            }
        }
    }
}
