/// The sample type of a pattern's pixels, as stored in a scan file.
public enum PixelType: String, Codable, Sendable, CaseIterable {
    case uint8
    case uint16
    case float32

    /// Bytes per pixel.
    public var byteCount: Int {
        switch self {
        case .uint8: return 1
        case .uint16: return 2
        case .float32: return 4
        }
    }

    /// The largest value of an integer type; 1 for float32, whose natural range is [0, 1].
    public var maximum: Double {
        switch self {
        case .uint8: return 255
        case .uint16: return 65535
        case .float32: return 1
        }
    }

    /// Whether values are integers that must be rounded and clamped when written.
    public var isInteger: Bool { self != .float32 }
}
