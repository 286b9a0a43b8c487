import Foundation

/// A minimal reader of NumPy `.npy` files (format versions 1 to 3, C order, little-endian or
/// single-byte types), enough for the fixtures; the tests must not depend on KikuchiIO.
struct NpyArray {
    enum ElementType: String {
        case uint8 = "|u1"
        case uint16 = "<u2"
        case float32 = "<f4"
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    let elementType: ElementType
    let shape: [Int]
    let payload: Data

    init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        let name = url.lastPathComponent
        guard data.count >= 10, data.prefix(6) == Data([0x93]) + Data("NUMPY".utf8) else {
            throw FormatError(description: "\(name): not an .npy file")
        }
        let major = data[data.startIndex + 6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(data[data.startIndex + 8]) | Int(data[data.startIndex + 9]) << 8
            headerStart = 10
        } else {
            headerLength = (0..<4).reduce(0) { $0 | Int(data[data.startIndex + 8 + $1]) << (8 * $1) }
            headerStart = 12
        }
        guard let header = String(data: data.subdata(in: headerStart..<headerStart + headerLength), encoding: .utf8) else {
            throw FormatError(description: "\(name): unreadable header")
        }
        guard let descr = Self.field("descr", in: header), let type = ElementType(rawValue: descr) else {
            throw FormatError(description: "\(name): unsupported element type in \(header)")
        }
        guard header.contains("'fortran_order': False") else {
            throw FormatError(description: "\(name): Fortran order is not supported")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(description: "\(name): no shape in \(header)")
        }
        shape = header[open.upperBound..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        elementType = type
        payload = data.subdata(in: headerStart + headerLength..<data.count)
        let size: Int
        switch type {
        case .uint8: size = 1
        case .uint16: size = 2
        case .float32: size = 4
        }
        guard payload.count == shape.reduce(1, *) * size else {
            throw FormatError(description: "\(name): \(payload.count) bytes do not fill shape \(shape)")
        }
    }

    private static func field(_ key: String, in header: String) -> String? {
        guard let start = header.range(of: "'\(key)': '") else { return nil }
        guard let end = header[start.upperBound...].firstIndex(of: "'") else { return nil }
        return String(header[start.upperBound..<end])
    }

    var uint8Values: [UInt8] {
        precondition(elementType == .uint8)
        return [UInt8](payload)
    }

    var uint16Values: [UInt16] {
        precondition(elementType == .uint16)
        return payload.withUnsafeBytes { raw in
            (0..<raw.count / 2).map { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        }
    }

    var float32Values: [Float] {
        precondition(elementType == .float32)
        return payload.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}
