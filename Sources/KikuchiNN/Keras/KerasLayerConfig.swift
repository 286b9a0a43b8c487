import Foundation
import KikuchiCore

/// A layer's `config` dictionary from a Keras model configuration, read with the conversions
/// Keras itself accepts (an int or a pair for sizes, a string or a serialised object for an
/// activation) and errors that name the layer.
public struct KerasLayerConfig {
    public let className: String
    public let values: [String: Any]

    public init(className: String, values: [String: Any]) {
        self.className = className
        self.values = values
    }

    /// The layer's name (Keras always writes one).
    public var name: String { (values["name"] as? String) ?? className.lowercased() }

    func problem(_ text: String) -> KikuchiError {
        .badInput("", "layer '\(name)' (\(className)): \(text)")
    }

    public func has(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return !(value is NSNull)
    }

    public func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        if let number = values[key] as? NSNumber { return number.intValue }
        if let list = values[key] as? [Any], list.count == 1, let number = list[0] as? NSNumber { return number.intValue }
        if let fallback, !has(key) { return fallback }
        throw problem("'\(key)' is missing or not an integer")
    }

    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        if let number = values[key] as? NSNumber { return number.floatValue }
        if let fallback, !has(key) { return fallback }
        throw problem("'\(key)' is missing or not a number")
    }

    public func optionalFloat(_ key: String) throws -> Float? {
        has(key) ? try float(key) : nil
    }

    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard has(key) else { return fallback }
        if let number = values[key] as? NSNumber { return number.boolValue }
        throw problem("'\(key)' is not true or false")
    }

    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        if let text = values[key] as? String { return text }
        if let fallback, !has(key) { return fallback }
        throw problem("'\(key)' is missing or not a string")
    }

    /// (rows, columns) from an integer (both the same) or a two-element list, as Keras'
    /// `kernel_size`, `strides` and `pool_size` allow.
    public func pair(_ key: String, default fallback: (Int, Int)? = nil) throws -> (Int, Int) {
        if let number = values[key] as? NSNumber { return (number.intValue, number.intValue) }
        if let list = values[key] as? [Any] {
            let numbers = list.compactMap { ($0 as? NSNumber)?.intValue }
            if numbers.count == 2 && list.count == 2 { return (numbers[0], numbers[1]) }
            if numbers.count == 1 && list.count == 1 { return (numbers[0], numbers[0]) }
        }
        if let fallback, !has(key) { return fallback }
        throw problem("'\(key)' is missing or not an integer or a pair of integers")
    }

    /// ((top, bottom), (left, right)) as Cropping2D and ZeroPadding2D accept them: an integer,
    /// a pair (symmetric rows, symmetric columns) or a pair of pairs.
    public func sides(_ key: String) throws -> (top: Int, bottom: Int, left: Int, right: Int) {
        if let number = values[key] as? NSNumber {
            let n = number.intValue
            return (n, n, n, n)
        }
        if let list = values[key] as? [Any], list.count == 2 {
            if let rows = list[0] as? NSNumber, let columns = list[1] as? NSNumber {
                return (rows.intValue, rows.intValue, columns.intValue, columns.intValue)
            }
            if let rows = list[0] as? [Any], let columns = list[1] as? [Any], rows.count == 2, columns.count == 2 {
                let numbers = (rows + columns).compactMap { ($0 as? NSNumber)?.intValue }
                if numbers.count == 4 { return (numbers[0], numbers[1], numbers[2], numbers[3]) }
            }
        }
        throw problem("'\(key)' is not an integer, a pair or a pair of pairs")
    }

    public func padding() throws -> PaddingMode {
        let text = try string("padding", default: "valid").lowercased()
        guard let mode = PaddingMode(rawValue: text) else {
            throw problem("padding '\(text)' is not supported (same, valid)")
        }
        return mode
    }

    /// The activation under `key`: a name, or a serialised activation object (Keras 3 may write
    /// `{"class_name": "function", "config": "relu"}`); absent means linear.
    public func activation(_ key: String = "activation") throws -> Activation {
        guard has(key) else { return .linear }
        do {
            if let name = values[key] as? String { return try Activation(kerasName: name) }
            if let object = values[key] as? [String: Any] {
                if let name = object["config"] as? String { return try Activation(kerasName: name) }
                if let name = (object["config"] as? [String: Any])?["name"] as? String { return try Activation(kerasName: name) }
                if let name = object["class_name"] as? String { return try Activation(kerasName: name) }
            }
        } catch let error as KikuchiError {
            throw problem(error.problem)
        }
        throw problem("'\(key)' is not an activation name")
    }

    /// Checks that the layer works on NHWC data, the only layout kikuchi runs.
    public func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last")
        guard format == "channels_last" else {
            throw problem("data_format '\(format)' is not supported (channels_last only)")
        }
    }

    /// Checks that a convolution is not dilated.
    public func requireNoDilation() throws {
        let (rows, columns) = try pair("dilation_rate", default: (1, 1))
        guard rows == 1 && columns == 1 else {
            throw problem("dilation_rate (\(rows), \(columns)) is not supported (1 only)")
        }
    }
}
