/// The element types the pattern operations work on: 8- and 16-bit unsigned integers and 32-bit floats.
public protocol ImagePixel: Sendable, Equatable, AdditiveArithmetic {}

extension UInt8: ImagePixel {}
extension UInt16: ImagePixel {}
extension Float: ImagePixel {}

/// One grey-level pattern: `height` rows of `width` pixels, row-major, no padding between rows.
///
/// A plain value type so that operations can take one and hand back another; the operations that are
/// applied to many patterns in a row (``ResizePlan``, ``CLAHE``, ``GaussianBlur``) precompute their
/// tables once and write into an existing image with `apply(_:into:)` to avoid allocating per pattern.
public struct Image<Pixel: ImagePixel>: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major pixels; always exactly `width * height` of them.
    public private(set) var pixels: [Pixel]

    /// Wraps `pixels` (row-major) as a `width` x `height` image.
    public init(width: Int, height: Int, pixels: [Pixel]) throws {
        try Image.checkSize(width: width, height: height)
        guard pixels.count == width * height else {
            throw ImageOpsError.pixelCountMismatch(width: width, height: height, count: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width` x `height` image with every pixel set to `value`.
    public init(width: Int, height: Int, repeating value: Pixel = .zero) throws {
        try Image.checkSize(width: width, height: height)
        self.init(validWidth: width, height: height, pixels: Array(repeating: value, count: width * height))
    }

    /// For sizes already checked by the caller.
    init(validWidth width: Int, height: Int, pixels: [Pixel]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel in column `x`, row `y` (both from zero).
    public subscript(x: Int, y: Int) -> Pixel {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Direct access to the pixels for code that fills an image in place; the count cannot change.
    public mutating func withUnsafeMutablePixels<R>(_ body: (UnsafeMutableBufferPointer<Pixel>) throws -> R) rethrows -> R {
        try pixels.withUnsafeMutableBufferPointer { try body($0) }
    }

    static func checkSize(width: Int, height: Int) throws {
        guard width >= 1, height >= 1 else { throw ImageOpsError.invalidSize(width: width, height: height) }
    }
}

extension Image where Pixel == Float {
    /// The 8-bit pattern as floats with the same values (0...255).
    public init(_ image: Image<UInt8>) {
        self.init(validWidth: image.width, height: image.height, pixels: image.pixels.map { Float($0) })
    }

    /// The 16-bit pattern as floats with the same values (0...65535).
    public init(_ image: Image<UInt16>) {
        self.init(validWidth: image.width, height: image.height, pixels: image.pixels.map { Float($0) })
    }
}

extension Image where Pixel == UInt8 {
    /// Rounds each float to the nearest integer (ties to even, as OpenCV's `saturate_cast`) and clamps
    /// it to 0...255; NaN becomes 0.
    public init(roundingAndClamping image: Image<Float>) {
        self.init(
            validWidth: image.width, height: image.height,
            pixels: image.pixels.map { UInt8(PixelRounding.clamped($0, maximum: 255)) })
    }
}

extension Image where Pixel == UInt16 {
    /// Rounds each float to the nearest integer (ties to even, as OpenCV's `saturate_cast`) and clamps
    /// it to 0...65535; NaN becomes 0.
    public init(roundingAndClamping image: Image<Float>) {
        self.init(
            validWidth: image.width, height: image.height,
            pixels: image.pixels.map { UInt16(PixelRounding.clamped($0, maximum: 65535)) })
    }
}
