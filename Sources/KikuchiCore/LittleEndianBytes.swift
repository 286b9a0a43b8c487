/// Numbers stored little-endian in a file's bytes (EDAX, Oxford, .npy and part-file headers).
extension Array where Element == UInt8 {
    /// The little-endian `T` at byte `offset`; its `T.bitWidth / 8` bytes must lie in the array.
    public func littleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        (0..<T.bitWidth / 8).reduce(T.zero) { $0 | T(truncatingIfNeeded: self[offset + $1]) << (8 * $1) }
    }

    /// The little-endian IEEE 754 double at byte `offset`.
    public func littleEndianDouble(at offset: Int) -> Double {
        Double(bitPattern: littleEndian(UInt64.self, at: offset))
    }
}
