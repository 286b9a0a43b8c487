/// Contrast-limited adaptive histogram equalisation with OpenCV's numbers
/// (`cv::createCLAHE(clipLimit, tileGridSize)`; 8-bit results are identical to OpenCV 5.0's).
///
/// The algorithm, as OpenCV runs it:
/// 1. Tiles: if the width and height are multiples of the grid, tile = size / grid; otherwise the image
///    is first extended at the bottom and right by reflect-101 (`dcb|abcd|cba`) with
///    gridX - width % gridX columns and gridY - height % gridY rows (both sides, even when one divides:
///    OpenCV's quirk), and tiles are cut from the extended image.
/// 2. Per tile, a histogram of `bins` bins; with clipLimit > 0 every bin is capped at
///    clip = max(Int(clipLimit * tileArea / bins), 1), the excess is spread evenly (excess / bins each)
///    and the remainder one count at a time to bins 0, step, 2 step, ... with step = max(bins / remainder, 1).
/// 3. LUT[i] = saturate(round(cumsum[i] * lutScale)) with lutScale = Float(outputMax) / tileArea in float.
/// 4. Each pixel blends the LUTs of the four nearest tiles: with tx = x * (1 / tileWidth) - 0.5 (float),
///    tx1 = floor(tx), weights xa = tx - tx1 and 1 - xa, tile indices clamped to the grid (same in y);
///    res = (L11 * (1 - xa) + L12 * xa) * (1 - ya) + (L21 * (1 - xa) + L22 * xa) * ya in float,
///    rounded with ties to even.
///
/// 16-bit images: OpenCV uses 65536 bins, so clip = clipLimit * tileArea / 65536 falls to its floor of
/// one count per bin for any tile under 65536 / clipLimit pixels (21,845 at clip 3; a 240 x 240 pattern
/// on an 8 x 8 grid has 900-pixel tiles). Every value that occurs more than once is then clipped flat
/// and the LUT is close to a straight ramp: the same pattern stored as 8-bit and as value * 257 gives an
/// output standard deviation of 26 levels in 8 bits but about 13 (in 8-bit units) in 16 bits, i.e.
/// hardly any enhancement. `bins` fixes that: with bins = 256 a 16-bit pattern is equalised like the
/// 8-bit one (value v falls in bin v >> 8, clip and LUT as for 256 bins, LUT scaled to 0...65535).
public struct CLAHE: Sendable {
    /// OpenCV's clip limit: the cap on each histogram bin as a multiple of the mean bin count.
    /// Zero or less disables clipping (plain adaptive equalisation).
    public let clipLimit: Double
    public let tilesX: Int
    public let tilesY: Int

    /// OpenCV's defaults are clipLimit 40 and an 8 x 8 grid; the EBSD pipeline uses clip 3, 8 x 8.
    public init(clipLimit: Double = 40, tilesX: Int = 8, tilesY: Int = 8) throws {
        guard clipLimit.isFinite else {
            throw ImageOpsError.invalidParameter("CLAHE clip limit \(clipLimit) is not a finite number")
        }
        guard tilesX >= 1, tilesY >= 1 else {
            throw ImageOpsError.invalidParameter("CLAHE tile grid \(tilesX)x\(tilesY) is invalid: at least one tile per side is needed")
        }
        self.clipLimit = clipLimit
        self.tilesX = tilesX
        self.tilesY = tilesY
    }

    /// A square `tiles` x `tiles` grid.
    public init(clipLimit: Double, tiles: Int) throws {
        try self.init(clipLimit: clipLimit, tilesX: tiles, tilesY: tiles)
    }

    /// The equalised 8-bit image (256 bins), as OpenCV computes it.
    public func apply(_ image: Image<UInt8>) -> Image<UInt8> {
        var result = Image<UInt8>(validWidth: image.width, height: image.height, pixels: Array(repeating: 0, count: image.pixels.count))
        image.pixels.withUnsafeBufferPointer { source in
            result.withUnsafeMutablePixels { out in
                equalize(source, width: image.width, height: image.height, out, binShift: 0, outputMaximum: 255)
            }
        }
        return result
    }

    /// The equalised 16-bit image. `bins` must be a power of two from 2 to 65536; 65536 is OpenCV's
    /// own 16-bit CLAHE, fewer bins behave like 8-bit CLAHE (see the type's notes).
    public func apply(_ image: Image<UInt16>, bins: Int = 65536) throws -> Image<UInt16> {
        guard bins >= 2, bins <= 65536, bins & (bins - 1) == 0 else {
            throw ImageOpsError.invalidParameter("CLAHE bins \(bins) is invalid: use a power of two from 2 to 65536")
        }
        let shift = 16 - bins.trailingZeroBitCount
        var result = Image<UInt16>(validWidth: image.width, height: image.height, pixels: Array(repeating: 0, count: image.pixels.count))
        image.pixels.withUnsafeBufferPointer { source in
            result.withUnsafeMutablePixels { out in
                equalize(source, width: image.width, height: image.height, out, binShift: shift, outputMaximum: 65535)
            }
        }
        return result
    }

    // MARK: The algorithm

    /// Index into `0 ..< count` of extended position `index` under reflect-101 (`dcb|abcd|cba`),
    /// repeating the reflection when the extension is longer than the image, as OpenCV's
    /// `borderInterpolate` does.
    static func reflect101(_ index: Int, count: Int) -> Int {
        if count == 1 { return 0 }
        let period = 2 * count - 2
        var i = index % period
        if i < 0 { i += period }
        return i < count ? i : period - i
    }

    private func equalize<Pixel: FixedWidthInteger & ImagePixel>(
        _ source: UnsafeBufferPointer<Pixel>, width: Int, height: Int,
        _ target: UnsafeMutableBufferPointer<Pixel>, binShift: Int, outputMaximum: Int
    ) {
        let bins = (Int(Pixel.max) + 1) >> binShift
        let divisible = width % tilesX == 0 && height % tilesY == 0
        let extendedWidth = divisible ? width : width + tilesX - width % tilesX
        let extendedHeight = divisible ? height : height + tilesY - height % tilesY
        let tileWidth = extendedWidth / tilesX, tileHeight = extendedHeight / tilesY
        let tileArea = tileWidth * tileHeight
        let lutScale = Float(outputMaximum) / Float(tileArea)
        var clip = 0
        if clipLimit > 0 { clip = max(Int(clipLimit * Double(tileArea) / Double(bins)), 1) }

        // LUT entries are integers but kept as floats: the blend converts them anyway, and converting
        // once per entry instead of four times per pixel is a third of the blend's time.
        var luts = [Float](repeating: 0, count: tilesX * tilesY * bins)
        var histogram = [Int32](repeating: 0, count: bins)
        let columnSource = (0..<extendedWidth).map { Self.reflect101($0, count: width) }
        let src = source.baseAddress!

        luts.withUnsafeMutableBufferPointer { lutBuffer in
            histogram.withUnsafeMutableBufferPointer { hist in
                for tileY in 0..<tilesY {
                    for tileX in 0..<tilesX {
                        for i in 0..<bins { hist[i] = 0 }
                        let x0 = tileX * tileWidth, x1 = x0 + tileWidth
                        let directEnd = min(x1, width)
                        for y in tileY * tileHeight..<(tileY + 1) * tileHeight {
                            let line = src + Self.reflect101(y, count: height) * width
                            var x = x0
                            while x < directEnd { hist[Int(line[x]) >> binShift] &+= 1; x += 1 }
                            while x < x1 { hist[Int(line[columnSource[x]]) >> binShift] &+= 1; x += 1 }
                        }
                        if clip > 0 { Self.clipAndRedistribute(hist, clip: Int32(clip)) }
                        let lut = lutBuffer.baseAddress! + (tileY * tilesX + tileX) * bins
                        var sum: Int32 = 0
                        for i in 0..<bins {
                            sum &+= hist[i]
                            lut[i] = Float(PixelRounding.clampedFast(Float(sum) * lutScale, maximum: Int32(outputMaximum)))
                        }
                    }
                }
            }
            interpolate(
                src, width: width, height: height, target.baseAddress!, luts: lutBuffer.baseAddress!, bins: bins,
                binShift: binShift, tileWidth: tileWidth, tileHeight: tileHeight, outputMaximum: Int32(outputMaximum))
        }
    }

    /// Caps every bin at `clip` and hands the excess back as OpenCV does (step 2 of the type's notes).
    private static func clipAndRedistribute(_ hist: UnsafeMutableBufferPointer<Int32>, clip: Int32) {
        let bins = hist.count
        var clipped = 0
        for i in 0..<bins where hist[i] > clip {
            clipped += Int(hist[i] - clip)
            hist[i] = clip
        }
        let batch = Int32(clipped / bins)
        var residual = clipped - Int(batch) * bins
        if batch != 0 { for i in 0..<bins { hist[i] &+= batch } }
        if residual != 0 {
            let step = max(bins / residual, 1)
            var i = 0
            while i < bins && residual > 0 {
                hist[i] &+= 1
                i += step
                residual -= 1
            }
        }
    }

    /// Step 4 of the type's notes, in OpenCV's float arithmetic.
    private func interpolate<Pixel: FixedWidthInteger & ImagePixel>(
        _ src: UnsafePointer<Pixel>, width: Int, height: Int, _ dst: UnsafeMutablePointer<Pixel>,
        luts: UnsafePointer<Float>, bins: Int, binShift: Int, tileWidth: Int, tileHeight: Int, outputMaximum: Int32
    ) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * width) { offsets in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * width) { weights in
                let left = offsets.baseAddress!, right = left + width
                let rightWeight = weights.baseAddress!, leftWeight = rightWeight + width
                let inverseTileWidth: Float = 1 / Float(tileWidth)
                for x in 0..<width {
                    let tx = Float(x) * inverseTileWidth - 0.5
                    let tx1 = Int(tx.rounded(.down))
                    rightWeight[x] = tx - Float(tx1)
                    leftWeight[x] = 1 - rightWeight[x]
                    left[x] = max(tx1, 0) * bins
                    right[x] = min(tx1 + 1, tilesX - 1) * bins
                }
                let inverseTileHeight: Float = 1 / Float(tileHeight)
                let planeStride = tilesX * bins
                for y in 0..<height {
                    let ty = Float(y) * inverseTileHeight - 0.5
                    let ty1 = Int(ty.rounded(.down))
                    let lowerWeight = ty - Float(ty1), upperWeight = 1 - lowerWeight
                    let upperPlane = luts + max(ty1, 0) * planeStride
                    let lowerPlane = luts + min(ty1 + 1, tilesY - 1) * planeStride
                    let line = src + y * width, out = dst + y * width
                    // Four pixels at a time in SIMD lanes (the LUT reads stay scalar); each lane does exactly
                    // the scalar operations, so results are unchanged.
                    let magic = SIMD4<Float>(repeating: 12_582_912)
                    let verticalUpper = SIMD4<Float>(repeating: upperWeight), verticalLower = SIMD4<Float>(repeating: lowerWeight)
                    var x = 0
                    while x + 4 <= width {
                        var ul = SIMD4<Float>(), ur = SIMD4<Float>(), ll = SIMD4<Float>(), lr = SIMD4<Float>()
                        for lane in 0..<4 {
                            let value = Int(line[x &+ lane]) &>> binShift
                            let l = left[x &+ lane] &+ value, r = right[x &+ lane] &+ value
                            ul[lane] = upperPlane[l]; ur[lane] = upperPlane[r]
                            ll[lane] = lowerPlane[l]; lr[lane] = lowerPlane[r]
                        }
                        let wl = SIMD4<Float>(UnsafeBufferPointer(start: leftWeight + x, count: 4))
                        let wr = SIMD4<Float>(UnsafeBufferPointer(start: rightWeight + x, count: 4))
                        let upper = ul * wl + ur * wr
                        let lower = ll * wl + lr * wr
                        // A blend of LUT values, so within 0...outputMaximum: round as in PixelRounding.clampedFast.
                        let blended: SIMD4<Float> = upper * verticalUpper + lower * verticalLower
                        let rounded = unsafeBitCast(blended + magic, to: SIMD4<Int32>.self) &- 0x4B40_0000
                        for lane in 0..<4 {
                            out[x &+ lane] = Pixel(truncatingIfNeeded: min(max(rounded[lane], 0), outputMaximum))
                        }
                        x += 4
                    }
                    while x < width {
                        let value = Int(line[x]) &>> binShift
                        let l = left[x] &+ value, r = right[x] &+ value
                        let wl = leftWeight[x], wr = rightWeight[x]
                        let upper = upperPlane[l] * wl + upperPlane[r] * wr
                        let lower = lowerPlane[l] * wl + lowerPlane[r] * wr
                        out[x] = Pixel(truncatingIfNeeded: PixelRounding.clampedFast(upper * upperWeight + lower * lowerWeight, maximum: outputMaximum))
                        x += 1
                    }
                }
            }
        }
    }
}
