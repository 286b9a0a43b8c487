import CHDF5

/// A number type in memory that HDF5 converts stored values to and from.
///
/// Reading with a native type different from the stored one converts each value (integers to
/// floats and back, with HDF5's rounding and clamping); reading with the stored type copies.
public enum HDF5NativeType: String, Sendable, CaseIterable {
    case int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    /// Bytes per value.
    public var byteCount: Int {
        switch self {
        case .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// HDF5's predefined native type identifier (owned by the library; never closed).
    var typeID: hid_t {
        HDF5Library.prepare()
        switch self {
        case .int8: return kk_h5t_native_int8()
        case .uint8: return kk_h5t_native_uint8()
        case .int16: return kk_h5t_native_int16()
        case .uint16: return kk_h5t_native_uint16()
        case .int32: return kk_h5t_native_int32()
        case .uint32: return kk_h5t_native_uint32()
        case .int64: return kk_h5t_native_int64()
        case .uint64: return kk_h5t_native_uint64()
        case .float32: return kk_h5t_native_float()
        case .float64: return kk_h5t_native_double()
        }
    }
}

/// Swift number types that map onto an `HDF5NativeType`, for the typed read and write calls.
public protocol HDF5Number: Numeric {
    static var hdf5Type: HDF5NativeType { get }
}

extension Int8: HDF5Number { public static var hdf5Type: HDF5NativeType { .int8 } }
extension UInt8: HDF5Number { public static var hdf5Type: HDF5NativeType { .uint8 } }
extension Int16: HDF5Number { public static var hdf5Type: HDF5NativeType { .int16 } }
extension UInt16: HDF5Number { public static var hdf5Type: HDF5NativeType { .uint16 } }
extension Int32: HDF5Number { public static var hdf5Type: HDF5NativeType { .int32 } }
extension UInt32: HDF5Number { public static var hdf5Type: HDF5NativeType { .uint32 } }
extension Int64: HDF5Number { public static var hdf5Type: HDF5NativeType { .int64 } }
extension UInt64: HDF5Number { public static var hdf5Type: HDF5NativeType { .uint64 } }
extension Float: HDF5Number { public static var hdf5Type: HDF5NativeType { .float32 } }
extension Double: HDF5Number { public static var hdf5Type: HDF5NativeType { .float64 } }
