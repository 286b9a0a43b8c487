import CHDF5

/// What one stored element of a dataset or attribute is.
public struct HDF5ElementType: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case integer, float, string, other
    }

    public let kind: Kind
    /// Bytes per element as stored; for variable-length strings, the size of a pointer.
    public let size: Int
    /// For integers: whether they are signed.
    public let isSigned: Bool
    /// For strings: whether each string has its own length (true) or all share `size` (false).
    public let isVariableLengthString: Bool

    public init(kind: Kind, size: Int, isSigned: Bool = false, isVariableLengthString: Bool = false) {
        self.kind = kind
        self.size = size
        self.isSigned = isSigned
        self.isVariableLengthString = isVariableLengthString
    }

    /// Describes the HDF5 datatype `typeID` (not closed here).
    init(typeID: hid_t) {
        let typeClass = H5Tget_class(typeID)
        let size = Int(H5Tget_size(typeID))
        if typeClass == H5T_INTEGER {
            self.init(kind: .integer, size: size, isSigned: H5Tget_sign(typeID) != H5T_SGN_NONE)
        } else if typeClass == H5T_FLOAT {
            self.init(kind: .float, size: size, isSigned: true)
        } else if typeClass == H5T_STRING {
            self.init(kind: .string, size: size, isVariableLengthString: H5Tis_variable_str(typeID) > 0)
        } else {
            self.init(kind: .other, size: size)
        }
    }

    /// The native type that holds these values without conversion, when there is one.
    public var nativeType: HDF5NativeType? {
        switch (kind, size, isSigned) {
        case (.integer, 1, true): return .int8
        case (.integer, 1, false): return .uint8
        case (.integer, 2, true): return .int16
        case (.integer, 2, false): return .uint16
        case (.integer, 4, true): return .int32
        case (.integer, 4, false): return .uint32
        case (.integer, 8, true): return .int64
        case (.integer, 8, false): return .uint64
        case (.float, 4, _): return .float32
        case (.float, 8, _): return .float64
        default: return nil
        }
    }
}

extension HDF5ElementType: CustomStringConvertible {
    public var description: String {
        if let native = nativeType { return native.rawValue }
        switch kind {
        case .string: return isVariableLengthString ? "variable-length string" : "\(size)-byte string"
        default: return "\(kind.rawValue) of \(size) bytes"
        }
    }
}
