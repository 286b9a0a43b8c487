/// A resize from one pattern size to another with OpenCV's `cv::resize` numbers (checked against
/// OpenCV 5.0), planned once and applied to any number of patterns of that size.
///
/// - ``Interpolation/linear`` is `INTER_LINEAR`: output pixel d samples the input at
///   x = (d + 0.5) * in / out - 0.5 and blends the two neighbours, first along rows, then along columns.
///   8-bit images use 11-bit fixed-point weights (see ``ResizeKernels/linearFixedPoint``) and agree
///   with OpenCV exactly; an exact halving of both sides of an 8-bit image is, as in OpenCV, the 2 x 2
///   block mean. 16-bit and float images use float weights and agree within one unit / one float ulp.
/// - ``Interpolation/area`` is `INTER_AREA`: when both sides shrink, each output pixel is the mean of
///   the input area it covers (a plain block mean for integer factors, overlap-weighted otherwise);
///   when a side grows, OpenCV falls back to a two-tap interpolation whose weights come from the cell
///   edges (f = (d + 1) - (s + 1) * out / in), and so does this plan.
///
/// Same-size "resizes" copy, as OpenCV does.
public struct ResizePlan: Sendable {
    public enum Interpolation: String, Sendable, CaseIterable {
        case linear
        case area
    }

    public let sourceWidth: Int
    public let sourceHeight: Int
    public let targetWidth: Int
    public let targetHeight: Int
    public let interpolation: Interpolation

    /// What 8-bit images go through: two-tap interpolation in OpenCV's fixed point.
    private enum ByteKernel: Sendable {
        case copy
        case linear(x: LinearResizeAxis, y: LinearResizeAxis)
        case boxAverage(factorX: Int, factorY: Int)
        case areaWeighted(x: AreaResizeAxis, y: AreaResizeAxis)
    }

    /// What 16-bit and float images go through: two-tap interpolation in float. It differs from the
    /// 8-bit choice for `INTER_LINEAR`, where OpenCV 5.0 runs different code for the two.
    private enum WideKernel: Sendable {
        case copy
        case linear(x: LinearResizeAxis, y: LinearResizeAxis, form: ResizeKernels.FloatTapForm)
        case boxAverage(factorX: Int, factorY: Int)
        case areaWeighted(x: AreaResizeAxis, y: AreaResizeAxis)
    }

    private let byteKernel: ByteKernel
    private let wideKernel: WideKernel

    public init(
        sourceWidth: Int, sourceHeight: Int, targetWidth: Int, targetHeight: Int,
        interpolation: Interpolation
    ) throws {
        try Image<UInt8>.checkSize(width: sourceWidth, height: sourceHeight)
        try Image<UInt8>.checkSize(width: targetWidth, height: targetHeight)
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.targetWidth = targetWidth
        self.targetHeight = targetHeight
        self.interpolation = interpolation

        if sourceWidth == targetWidth && sourceHeight == targetHeight {
            byteKernel = .copy
            wideKernel = .copy
            return
        }
        // OpenCV: scale = 1 / (out / in); an "integer" factor is one within DBL_EPSILON of its rounding.
        let scaleX = 1.0 / (Double(targetWidth) / Double(sourceWidth))
        let scaleY = 1.0 / (Double(targetHeight) / Double(sourceHeight))
        let factorX = Int(scaleX.rounded()), factorY = Int(scaleY.rounded())
        let integerFactors = abs(scaleX - Double(factorX)) < Double.ulpOfOne && abs(scaleY - Double(factorY)) < Double.ulpOfOne

        switch interpolation {
        case .linear:
            if integerFactors && factorX == 2 && factorY == 2 {
                byteKernel = .boxAverage(factorX: 2, factorY: 2)
            } else {
                byteKernel = .linear(
                    x: LinearResizeAxis(source: sourceWidth, target: targetWidth, coordinates: .centreAligned, clampsEdges: true),
                    y: LinearResizeAxis(source: sourceHeight, target: targetHeight, coordinates: .centreAligned, clampsEdges: false))
            }
            wideKernel = .linear(
                x: LinearResizeAxis(source: sourceWidth, target: targetWidth, coordinates: .centreAlignedDoubleFraction, clampsEdges: true),
                y: LinearResizeAxis(source: sourceHeight, target: targetHeight, coordinates: .centreAlignedDoubleFraction, clampsEdges: false),
                form: .difference)
        case .area:
            if scaleX >= 1 && scaleY >= 1 {
                if integerFactors {
                    byteKernel = .boxAverage(factorX: factorX, factorY: factorY)
                    wideKernel = .boxAverage(factorX: factorX, factorY: factorY)
                } else {
                    let x = AreaResizeAxis(source: sourceWidth, target: targetWidth)
                    let y = AreaResizeAxis(source: sourceHeight, target: targetHeight)
                    byteKernel = .areaWeighted(x: x, y: y)
                    wideKernel = .areaWeighted(x: x, y: y)
                }
            } else {
                let x = LinearResizeAxis(source: sourceWidth, target: targetWidth, coordinates: .areaEnlarging, clampsEdges: true)
                let y = LinearResizeAxis(source: sourceHeight, target: targetHeight, coordinates: .areaEnlarging, clampsEdges: false)
                byteKernel = .linear(x: x, y: y)
                wideKernel = .linear(x: x, y: y, form: .weighted)
            }
        }
    }

    // MARK: Applying

    /// The resized 8-bit image.
    public func apply(_ image: Image<UInt8>) throws -> Image<UInt8> {
        var result = Image<UInt8>(validWidth: targetWidth, height: targetHeight, pixels: Array(repeating: 0, count: targetWidth * targetHeight))
        try apply(image, into: &result)
        return result
    }

    /// The resized 16-bit image.
    public func apply(_ image: Image<UInt16>) throws -> Image<UInt16> {
        var result = Image<UInt16>(validWidth: targetWidth, height: targetHeight, pixels: Array(repeating: 0, count: targetWidth * targetHeight))
        try apply(image, into: &result)
        return result
    }

    /// The resized float image.
    public func apply(_ image: Image<Float>) throws -> Image<Float> {
        var result = Image<Float>(validWidth: targetWidth, height: targetHeight, pixels: Array(repeating: 0, count: targetWidth * targetHeight))
        try apply(image, into: &result)
        return result
    }

    /// Resizes into `target` (already of the target size) without allocating an image.
    public func apply(_ image: Image<UInt8>, into target: inout Image<UInt8>) throws {
        try check(image.width, image.height, target.width, target.height)
        image.pixels.withUnsafeBufferPointer { source in
            target.withUnsafeMutablePixels { out in
                switch byteKernel {
                case .copy:
                    _ = out.initialize(from: source)
                case let .linear(x, y):
                    ResizeKernels.linearFixedPoint(
                        source, width: sourceWidth, height: sourceHeight, out,
                        targetWidth: targetWidth, targetHeight: targetHeight, x: x, y: y)
                case let .boxAverage(factorX, factorY):
                    ResizeKernels.boxAverage(
                        source, width: sourceWidth, out, targetWidth: targetWidth,
                        targetHeight: targetHeight, factorX: factorX, factorY: factorY)
                case let .areaWeighted(x, y):
                    ResizeKernels.areaWeighted(
                        source, width: sourceWidth, out, targetWidth: targetWidth, targetHeight: targetHeight,
                        x: x, y: y, toFloat: { Float($0) },
                        fromFloat: { UInt8(truncatingIfNeeded: PixelRounding.clampedFast($0, maximum: 255)) })
                }
            }
        }
    }

    /// Resizes into `target` (already of the target size) without allocating an image.
    public func apply(_ image: Image<UInt16>, into target: inout Image<UInt16>) throws {
        try check(image.width, image.height, target.width, target.height)
        image.pixels.withUnsafeBufferPointer { source in
            target.withUnsafeMutablePixels { out in
                switch wideKernel {
                case let .boxAverage(factorX, factorY):
                    ResizeKernels.boxAverage(
                        source, width: sourceWidth, out, targetWidth: targetWidth,
                        targetHeight: targetHeight, factorX: factorX, factorY: factorY)
                default:
                    applyWide(source, out)
                }
            }
        }
    }

    /// Resizes into `target` (already of the target size) without allocating an image.
    public func apply(_ image: Image<Float>, into target: inout Image<Float>) throws {
        try check(image.width, image.height, target.width, target.height)
        image.pixels.withUnsafeBufferPointer { source in
            target.withUnsafeMutablePixels { out in
                switch wideKernel {
                case let .boxAverage(factorX, factorY):
                    ResizeKernels.boxAverage(
                        source, width: sourceWidth, out, targetWidth: targetWidth,
                        targetHeight: targetHeight, factorX: factorX, factorY: factorY)
                default:
                    applyWide(source, out)
                }
            }
        }
    }

    /// The kernels 16-bit and float images share (all but the block mean, whose rounding differs).
    private func applyWide<Pixel: FloatConvertiblePixel>(_ source: UnsafeBufferPointer<Pixel>, _ out: UnsafeMutableBufferPointer<Pixel>) {
        switch wideKernel {
        case .copy, .boxAverage:
            _ = out.initialize(from: source)
        case let .linear(x, y, form):
            ResizeKernels.linearFloat(
                source, width: sourceWidth, height: sourceHeight, out, targetWidth: targetWidth,
                targetHeight: targetHeight, x: x, y: y, form: form)
        case let .areaWeighted(x, y):
            ResizeKernels.areaWeighted(
                source, width: sourceWidth, out, targetWidth: targetWidth, targetHeight: targetHeight,
                x: x, y: y, toFloat: { $0.floatValue }, fromFloat: { Pixel(saturating: $0) })
        }
    }

    private func check(_ width: Int, _ height: Int, _ outWidth: Int, _ outHeight: Int) throws {
        guard width == sourceWidth, height == sourceHeight else {
            throw ImageOpsError.sizeMismatch(expectedWidth: sourceWidth, expectedHeight: sourceHeight, width: width, height: height)
        }
        guard outWidth == targetWidth, outHeight == targetHeight else {
            throw ImageOpsError.sizeMismatch(expectedWidth: targetWidth, expectedHeight: targetHeight, width: outWidth, height: outHeight)
        }
    }
}

extension Image {
    /// Resize with a throwaway plan; prefer a ``ResizePlan`` kept across patterns of one scan.
    public func resized(width: Int, height: Int, interpolation: ResizePlan.Interpolation) throws -> Image where Pixel == UInt8 {
        try ResizePlan(
            sourceWidth: self.width, sourceHeight: self.height, targetWidth: width, targetHeight: height,
            interpolation: interpolation
        ).apply(self)
    }

    /// Resize with a throwaway plan; prefer a ``ResizePlan`` kept across patterns of one scan.
    public func resized(width: Int, height: Int, interpolation: ResizePlan.Interpolation) throws -> Image where Pixel == UInt16 {
        try ResizePlan(
            sourceWidth: self.width, sourceHeight: self.height, targetWidth: width, targetHeight: height,
            interpolation: interpolation
        ).apply(self)
    }

    /// Resize with a throwaway plan; prefer a ``ResizePlan`` kept across patterns of one scan.
    public func resized(width: Int, height: Int, interpolation: ResizePlan.Interpolation) throws -> Image where Pixel == Float {
        try ResizePlan(
            sourceWidth: self.width, sourceHeight: self.height, targetWidth: width, targetHeight: height,
            interpolation: interpolation
        ).apply(self)
    }
}
