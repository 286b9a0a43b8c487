/// Everything known about a scan apart from its pixels.
public struct ScanDescription: Codable, Equatable, Sendable {
    /// Pattern width and height in pixels.
    public var width: Int
    public var height: Int
    /// Number of patterns.
    public var count: Int
    public var pixelType: PixelType
    public var geometry: MapGeometry
    /// The kind of file this came from, when it came from one.
    public var format: ScanFormat?
    /// The format's own header facts, as `key: value` lines for `kikuchi info` and for restoring
    /// a header on repack (for example `headerVersion`, `scanGroup`, `layout`).
    public var details: [String: String]

    public init(
        width: Int, height: Int, count: Int, pixelType: PixelType,
        geometry: MapGeometry? = nil, format: ScanFormat? = nil, details: [String: String] = [:]
    ) {
        self.width = width
        self.height = height
        self.count = count
        self.pixelType = pixelType
        self.geometry = geometry ?? .line(of: count)
        self.format = format
        self.details = details
    }

    /// Pixels in one pattern.
    public var pixelsPerPattern: Int { width * height }
    /// Bytes of one pattern in memory and in the raw formats.
    public var bytesPerPattern: Int { width * height * pixelType.byteCount }

    /// The same scan with another pattern size or pixel type.
    public func with(width: Int? = nil, height: Int? = nil, pixelType: PixelType? = nil) -> ScanDescription {
        var copy = self
        copy.width = width ?? self.width
        copy.height = height ?? self.height
        copy.pixelType = pixelType ?? self.pixelType
        return copy
    }
}
