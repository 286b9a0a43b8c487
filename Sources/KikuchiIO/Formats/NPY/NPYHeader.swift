import Foundation
import KikuchiCore

/// The header of a NumPy `.npy` file (format versions 1, 2 and 3).
///
/// Magic `\x93NUMPY`, major and minor version bytes, a little-endian header length (uint16 for
/// version 1, uint32 after), then a Python dict literal with `descr`, `fortran_order` and
/// `shape`, padded with spaces to a multiple of 64 bytes and ended by a newline.
public struct NPYHeader: Equatable, Sendable {
    public var pixelType: PixelType
    /// The array shape; kikuchi reads (N, H, W), (N, H, W, 1) and (H, W).
    public var shape: [Int]
    /// Byte offset of the array data.
    public var dataOffset: Int

    public init(pixelType: PixelType, shape: [Int]) {
        self.pixelType = pixelType
        self.shape = shape
        dataOffset = NPYHeader.encode(pixelType: pixelType, shape: shape).count
    }

    /// The NumPy `descr` of a pixel type.
    static func descr(of type: PixelType) -> String {
        switch type {
        case .uint8: return "|u1"
        case .uint16: return "<u2"
        case .float32: return "<f4"
        }
    }

    /// Parses the header at the start of `bytes`.
    public init(parsing bytes: [UInt8], path: String) throws {
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw KikuchiError.badInput(path, "not a NumPy .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard (1...3).contains(major), bytes.count >= 8 + lengthBytes else {
            throw KikuchiError.badInput(path, "unsupported .npy format version \(major)")
        }
        let length = major == 1 ? Int(bytes.littleEndian(UInt16.self, at: 8)) : Int(bytes.littleEndian(UInt32.self, at: 8))
        dataOffset = 8 + lengthBytes + length
        guard bytes.count >= dataOffset, let text = String(bytes: bytes[(8 + lengthBytes)..<dataOffset], encoding: .utf8) else {
            throw KikuchiError.badInput(path, "the .npy header is cut short")
        }
        guard let descr = NPYHeader.value(of: "descr", in: text)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) else {
            throw KikuchiError.badInput(path, "the .npy header has no descr")
        }
        switch descr {
        case "|u1", "<u1", "u1": pixelType = .uint8
        case "<u2": pixelType = .uint16
        case "<f4": pixelType = .float32
        default:
            throw KikuchiError.badInput(path, ".npy dtype '\(descr)' is not supported (uint8, little-endian uint16 or float32)")
        }
        if let fortran = NPYHeader.value(of: "fortran_order", in: text), fortran.hasPrefix("True") {
            throw KikuchiError.badInput(path, "Fortran-ordered .npy arrays are not supported; save with np.ascontiguousarray")
        }
        guard let shapeText = NPYHeader.value(of: "shape", in: text) else {
            throw KikuchiError.badInput(path, "the .npy header has no shape")
        }
        shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The raw text after `'key':` up to the next top-level comma (a tuple counts as one value).
    private static func value(of key: String, in text: String) -> String? {
        guard let keyRange = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\""),
            let colon = text[keyRange.upperBound...].firstIndex(of: ":")
        else { return nil }
        var depth = 0
        var result = ""
        for character in text[text.index(after: colon)...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if (character == "," && depth == 0) || character == "}" { break }
            result.append(character)
            if depth < 0 { break }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// A version 1.0 header, padded so the data starts on a 64-byte boundary.
    static func encode(pixelType: PixelType, shape: [Int]) -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr(of: pixelType))', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = dict.utf8.count
        bytes += [UInt8(length & 0xff), UInt8(length >> 8)]
        bytes += Array(dict.utf8)
        return bytes
    }

    public func encoded() -> [UInt8] { NPYHeader.encode(pixelType: pixelType, shape: shape) }
}
