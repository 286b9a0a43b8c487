/// The size and sample depth of one gray image file, read from its header.
public struct GrayImageHeader: Equatable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    /// `uint8` or `uint16`: the depth of the decoded gray samples.
    public var pixelType: PixelType

    public init(width: Int, height: Int, pixelType: PixelType) {
        self.width = width
        self.height = height
        self.pixelType = pixelType
    }

    /// Bytes of the decoded samples: width x height x bytes per sample.
    public var byteCount: Int { width * height * pixelType.byteCount }

    /// `8-bit` or `16-bit`.
    public var depthName: String { "\(pixelType.byteCount * 8)-bit" }

    /// For messages: `240 x 240`.
    public var sizeName: String { "\(width) x \(height)" }

    public var description: String { "\(sizeName) \(depthName)" }
}
