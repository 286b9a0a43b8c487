/// A run of consecutive patterns of one size and pixel type, held as raw native-endian bytes.
///
/// Raw bytes keep every file format's pixels exact (a uint16 pattern stays uint16) while the
/// typed accessors give the numbers to the code that computes with them.
public struct PatternBatch: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let pixelType: PixelType
    public private(set) var count: Int
    /// count x height x width pixels, row-major, native byte order.
    public var bytes: [UInt8]

    public init(width: Int, height: Int, pixelType: PixelType, count: Int, bytes: [UInt8]) {
        precondition(bytes.count == count * width * height * pixelType.byteCount, "batch size does not match its bytes")
        self.width = width
        self.height = height
        self.pixelType = pixelType
        self.count = count
        self.bytes = bytes
    }

    /// A batch of `count` zero patterns.
    public init(width: Int, height: Int, pixelType: PixelType, count: Int) {
        self.init(
            width: width, height: height, pixelType: pixelType, count: count,
            bytes: [UInt8](repeating: 0, count: count * width * height * pixelType.byteCount))
    }

    public var pixelsPerPattern: Int { width * height }
    public var bytesPerPattern: Int { width * height * pixelType.byteCount }

    /// The raw bytes of pattern `index`.
    public func patternBytes(_ index: Int) -> ArraySlice<UInt8> {
        bytes[index * bytesPerPattern..<(index + 1) * bytesPerPattern]
    }

    /// Pattern `index` as floating-point values in its own units (no scaling).
    public func floats(of index: Int) -> [Float] {
        // Written through a buffer pointer: element-wise writes to an array captured by the
        // closure were checked for uniqueness one by one (15 ns a pixel).
        [Float](unsafeUninitializedCapacity: pixelsPerPattern) { out, initialized in
            floats(of: index, into: out)
            initialized = pixelsPerPattern
        }
    }

    /// Writes pattern `index` as floating-point values in its own units into `out`, which holds
    /// `pixelsPerPattern` values.
    public func floats(of index: Int, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(out.count == pixelsPerPattern, "a pattern has \(pixelsPerPattern) pixels, not \(out.count)")
        let start = index * pixelsPerPattern, count = pixelsPerPattern
        bytes.withUnsafeBytes { raw in
            switch pixelType {
            case .uint8:
                let p = raw.bindMemory(to: UInt8.self)
                for i in 0..<count { out[i] = Float(p[start + i]) }
            case .uint16:
                let p = raw.bindMemory(to: UInt16.self)
                for i in 0..<count { out[i] = Float(p[start + i]) }
            case .float32:
                let p = raw.bindMemory(to: Float.self)
                for i in 0..<count { out[i] = p[start + i] }
            }
        }
    }

    /// Every pixel of the batch as Double, in its own units; for tests and statistics.
    public func values() -> [Double] {
        (0..<count).flatMap { floats(of: $0).map(Double.init) }
    }

    /// Sets pattern `index` from floating-point values: rounded to nearest and clamped to the
    /// type's range for integer types (NaN stored as 0), stored as they are for float32.
    public mutating func setPattern(_ index: Int, from values: [Float]) {
        precondition(values.count == pixelsPerPattern)
        let start = index * pixelsPerPattern, n = pixelsPerPattern, type = pixelType
        let top = Float(type.maximum)
        bytes.withUnsafeMutableBytes { raw in
            switch type {
            case .uint8:
                let p = raw.bindMemory(to: UInt8.self)
                for i in 0..<n { p[start + i] = UInt8(values[i].isNaN ? 0 : min(max(values[i].rounded(), 0), top)) }
            case .uint16:
                let p = raw.bindMemory(to: UInt16.self)
                for i in 0..<n { p[start + i] = UInt16(values[i].isNaN ? 0 : min(max(values[i].rounded(), 0), top)) }
            case .float32:
                let p = raw.bindMemory(to: Float.self)
                for i in 0..<n { p[start + i] = values[i] }
            }
        }
    }

    /// Appends the patterns of `other`, which must have the same size and type.
    public mutating func append(_ other: PatternBatch) {
        precondition(other.width == width && other.height == height && other.pixelType == pixelType)
        bytes.append(contentsOf: other.bytes)
        count += other.count
    }

    /// The patterns `range` of this batch.
    public func slice(_ range: Range<Int>) -> PatternBatch {
        PatternBatch(
            width: width, height: height, pixelType: pixelType, count: range.count,
            bytes: Array(bytes[range.lowerBound * bytesPerPattern..<range.upperBound * bytesPerPattern]))
    }
}

extension PatternBatch {
    /// Pattern `index` as values of the Swift type matching the pixel type (UInt8, UInt16, Float).
    public func pixels<Pixel>(of index: Int, as type: Pixel.Type) -> [Pixel] {
        precondition(MemoryLayout<Pixel>.size == pixelType.byteCount, "\(Pixel.self) does not match \(pixelType)")
        let start = index * pixelsPerPattern, n = pixelsPerPattern
        return bytes.withUnsafeBytes { raw in Array(raw.bindMemory(to: Pixel.self)[start..<start + n]) }
    }

    /// Sets pattern `index` from values of the Swift type matching the pixel type.
    public mutating func setPixels<Pixel>(_ index: Int, _ values: [Pixel]) {
        precondition(MemoryLayout<Pixel>.size == pixelType.byteCount && values.count == pixelsPerPattern)
        let start = index * pixelsPerPattern
        bytes.withUnsafeMutableBytes { raw in
            let typed = raw.bindMemory(to: Pixel.self)
            for (offset, value) in values.enumerated() { typed[start + offset] = value }
        }
    }
}
