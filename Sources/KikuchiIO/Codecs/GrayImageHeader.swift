import KikuchiCore

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

    /// The most pixels one pattern image may have: 8192 x 8192, far above any EBSD camera, so that a
    /// damaged header cannot ask for gigabytes.
    public static let maximumPixels = 1 << 26

    /// This header, or a refusal naming `file` when the image has no pixels, more than
    /// `maximumPixels`, or more decoded bytes than `limit`: what the file's bytes can expand to.
    func checked(_ format: String, file: String, decodedAtMost limit: Int? = nil) throws -> GrayImageHeader {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, pixels <= GrayImageHeader.maximumPixels else {
            throw KikuchiError.badInput(file, "damaged \(format) header: an image of \(sizeName) pixels (1 to \(GrayImageHeader.maximumPixels) are read)")
        }
        if let limit, byteCount > limit {
            throw KikuchiError.badInput(
                file, "damaged \(format) header: \(sizeName) \(depthName) pixels need \(byteCount) bytes, more than the file's data can hold (\(limit))")
        }
        return self
    }

    /// Bytes of the decoded samples: width x height x bytes per sample.
    public var byteCount: Int { width * height * pixelType.byteCount }

    /// `8-bit` or `16-bit`.
    public var depthName: String { "\(pixelType.byteCount * 8)-bit" }

    /// For messages: `240 x 240`.
    public var sizeName: String { "\(width) x \(height)" }

    public var description: String { "\(sizeName) \(depthName)" }
}
