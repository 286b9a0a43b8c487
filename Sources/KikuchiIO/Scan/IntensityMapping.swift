/// A linear map between stored pixel values and the original ones: `original = stored * scale + offset`.
///
/// Used when a scan is written with fewer bits than it had (uint16 to 8-bit JPEG, float32 to
/// PNG): the sidecar keeps the map so that a repack restores the original range.
public struct IntensityMapping: Codable, Equatable, Sendable {
    public var scale: Double
    public var offset: Double

    public init(scale: Double, offset: Double) {
        self.scale = scale
        self.offset = offset
    }

    public static let identity = IntensityMapping(scale: 1, offset: 0)

    /// The map that sends [low, high] of the original onto [0, maximum] of the stored type.
    /// A flat range (high == low) maps every value to 0.
    public static func stretching(low: Double, high: Double, onto maximum: Double) -> IntensityMapping {
        let span = high - low
        return IntensityMapping(scale: span > 0 ? span / maximum : 1, offset: low)
    }

    public func original(fromStored value: Double) -> Double { value * scale + offset }
    public func stored(fromOriginal value: Double) -> Double { (value - offset) / scale }

    public var isIdentity: Bool { scale == 1 && offset == 0 }
}
