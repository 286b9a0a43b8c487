import Foundation

/// The shape of one sample's feature map, (height, width, channels); height and width may be
/// unknown (`None` in a Keras input shape) until a tensor arrives, channels are always known
/// because the weights depend on them.
public struct FeatureShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var height: Int?
    public var width: Int?
    public var channels: Int

    public init(height: Int?, width: Int?, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// Keras' way of printing a batch shape: `(None, 236, 236, 1)`.
    public var description: String {
        "(None, \(height.map(String.init) ?? "None"), \(width.map(String.init) ?? "None"), \(channels))"
    }

    /// [height, width, channels] with NSNull for an unknown size (for JSON output).
    public var jsonArray: [Any] {
        [height.map { $0 as Any } ?? NSNull(), width.map { $0 as Any } ?? NSNull(), channels]
    }

    /// The batch shape as Keras writes it in a configuration: `[null, H, W, C]`.
    var kerasBatchShape: [Any] {
        [NSNull(), height.map { $0 as Any } ?? NSNull(), width.map { $0 as Any } ?? NSNull(), channels]
    }
}
