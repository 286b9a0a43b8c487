import CHDF5

/// An open HDF5 dataset: its shape and element type, whole and partial reads and writes.
///
/// Partial transfers select rows of the leading dimension (patterns of an (N, H, W) stack) or
/// any union of hyperslabs, so only the requested part of a large dataset is ever in memory.
public final class HDF5Dataset: HDF5Object {
    public let filePath: String
    public let objectPath: String
    private let owner: HDF5IdentifierOwner
    public var objectID: hid_t { owner.id }

    /// The dataset's dimensions (`[]` for a scalar).
    public let shape: [Int]
    /// The stored element type.
    public let elementType: HDF5ElementType

    init(id: hid_t, filePath: String, objectPath: String) throws {
        owner = HDF5IdentifierOwner(id, close: H5Dclose)
        self.filePath = filePath
        self.objectPath = objectPath
        let space = try HDF5Library.check(H5Dget_space(id), filePath, "cannot read the shape of '\(objectPath)'")
        defer { H5Sclose(space) }
        shape = HDF5Dataspace.shape(of: space)
        if let beyond = HDF5Dataspace.dimensionBeyondMaximum(of: space) {
            throw HDF5Error(
                path: filePath,
                operation: "damaged file: '\(objectPath)' has dimension \(beyond.dimension) of \(beyond.extent), beyond its maximum of \(beyond.maximum)")
        }
        let type = try HDF5Library.check(H5Dget_type(id), filePath, "cannot read the type of '\(objectPath)'")
        defer { H5Tclose(type) }
        elementType = HDF5ElementType(typeID: type)
        guard HDF5ReadLimit.byteCount(of: shape, elementSize: 1) != nil else {
            throw HDF5Error(path: filePath, operation: "damaged file: '\(objectPath)' has the shape \(shape), more than 2^63 elements")
        }
    }

    /// Elements in the whole dataset.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Elements in one row of the leading dimension (one pattern of an (N, H, W) stack).
    public var elementsPerRow: Int { shape.dropFirst().reduce(1, *) }

    /// The chunk shape, or nil when the dataset is stored contiguously (or compactly).
    public func chunkShape() throws -> [Int]? {
        let plist = try HDF5Library.check(H5Dget_create_plist(objectID), filePath, "cannot read the storage of '\(objectPath)'")
        defer { H5Pclose(plist) }
        guard H5Pget_layout(plist) == H5D_CHUNKED else { return nil }
        var dims = [hsize_t](repeating: 0, count: max(shape.count, 1))
        let rank = H5Pget_chunk(plist, Int32(dims.count), &dims)
        try HDF5Library.check(rank, filePath, "cannot read the chunk shape of '\(objectPath)'")
        return dims.prefix(Int(rank)).map { Int($0) }
    }

    /// The first dimension's extent; 1 for a scalar.
    public var rowCount: Int { shape.first ?? 1 }

    // MARK: - Reading

    /// Every element, converted to `T`.
    public func read<T: HDF5Number>(as: T.Type = T.self) throws -> [T] {
        try checkReadable(shape, as: T.hdf5Type)
        var values = [T](repeating: 0, count: elementCount)
        guard !values.isEmpty else { return [] }
        try values.withUnsafeMutableBytes { try readAll(into: $0, as: T.hdf5Type) }
        return values
    }

    /// Every element into `buffer` (at least `elementCount * type.byteCount` bytes) as `type`.
    public func readAll(into buffer: UnsafeMutableRawBufferPointer, as type: HDF5NativeType) throws {
        precondition(buffer.count >= elementCount * type.byteCount, "buffer too small for '\(objectPath)'")
        guard elementCount > 0 else { return }
        try requireNumeric()
        try checkReadable(shape, as: type)
        try HDF5Library.check(
            H5Dread(objectID, type.typeID, kk_h5s_all(), kk_h5s_all(), kk_h5p_default(), buffer.baseAddress!),
            filePath, "cannot read '\(objectPath)'")
    }

    /// Rows `range` of the leading dimension, converted to `T`.
    public func readRows<T: HDF5Number>(_ range: Range<Int>, as: T.Type = T.self) throws -> [T] {
        try checkRows(range)
        try checkReadable([range.count] + shape.dropFirst(), as: T.hdf5Type)
        var values = [T](repeating: 0, count: range.count * elementsPerRow)
        try values.withUnsafeMutableBytes { try readRows(range, into: $0, as: T.hdf5Type) }
        return values
    }

    /// Rows `range` of the leading dimension into `buffer` as `type`.
    public func readRows(_ range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer, as type: HDF5NativeType) throws {
        try checkRows(range)
        try readSelection([rowSlab(range)], into: buffer, as: type)
    }

    /// The elements of the union of `slabs` into `buffer` as `type`, in the dataset's row-major
    /// order (not the order of `slabs`).
    public func readSelection(
        _ slabs: [HDF5Hyperslab], into buffer: UnsafeMutableRawBufferPointer,
        as type: HDF5NativeType
    ) throws {
        try requireNumeric()
        try transfer(slabs, buffer: UnsafeMutableRawPointer(buffer.baseAddress), capacity: buffer.count, type: type, writing: false)
    }

    /// The strings of a string dataset, fixed- or variable-length (a scalar gives one).
    public func readStrings() throws -> [String] {
        let type = try HDF5Library.check(H5Dget_type(objectID), filePath, "cannot read the type of '\(objectPath)'")
        defer { H5Tclose(type) }
        let space = try HDF5Library.check(H5Dget_space(objectID), filePath, "cannot read the shape of '\(objectPath)'")
        defer { H5Sclose(space) }
        return try HDF5StringCodec.read(fileType: type, spaceID: space, objectID: objectID, path: filePath, what: "'\(objectPath)'") { memoryType, buffer in
            H5Dread(objectID, memoryType, kk_h5s_all(), kk_h5s_all(), kk_h5p_default(), buffer)
        }
    }

    /// The first string of a string dataset.
    public func readString() throws -> String {
        guard let first = try readStrings().first else {
            throw HDF5Error(path: filePath, operation: "'\(objectPath)' holds no string")
        }
        return first
    }

    // MARK: - Writing

    /// Writes every element from `values` (converted from `T` to the stored type).
    public func write<T: HDF5Number>(_ values: [T]) throws {
        precondition(values.count == elementCount, "'\(objectPath)' holds \(elementCount) values, not \(values.count)")
        guard !values.isEmpty else { return }
        try values.withUnsafeBytes { raw in
            _ = try HDF5Library.check(
                H5Dwrite(objectID, T.hdf5Type.typeID, kk_h5s_all(), kk_h5s_all(), kk_h5p_default(), raw.baseAddress!),
                filePath, "cannot write '\(objectPath)'")
        }
    }

    /// Writes rows `start ..< start + values.count / elementsPerRow` of the leading dimension.
    public func writeRows<T: HDF5Number>(at start: Int, _ values: [T]) throws {
        precondition(values.count % max(elementsPerRow, 1) == 0, "values do not fill whole rows of '\(objectPath)'")
        try values.withUnsafeBytes { try writeRows(at: start, count: values.count / max(elementsPerRow, 1), from: $0, as: T.hdf5Type) }
    }

    /// Writes `count` rows of the leading dimension from `buffer`, which holds values of `type`.
    public func writeRows(at start: Int, count: Int, from buffer: UnsafeRawBufferPointer, as type: HDF5NativeType) throws {
        try checkRows(start..<start + count)
        guard count > 0 else { return }
        try transfer(
            [rowSlab(start..<start + count)], buffer: UnsafeMutableRawPointer(mutating: buffer.baseAddress),
            capacity: buffer.count, type: type, writing: true)
    }

    // MARK: - Helpers

    private func rowSlab(_ range: Range<Int>) -> HDF5Hyperslab {
        HDF5Hyperslab(
            start: [range.lowerBound] + Array(repeating: 0, count: max(shape.count - 1, 0)),
            count: [range.count] + Array(shape.dropFirst()))
    }

    private func checkRows(_ range: Range<Int>) throws {
        guard !shape.isEmpty, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw HDF5Error(path: filePath, operation: "rows \(range.lowerBound)..<\(range.upperBound) are outside '\(objectPath)' of shape \(shape)")
        }
    }

    /// Refuses a read of `shape` elements as `type`, and any read of a dataset whose chunks
    /// libhdf5 would decompress into more than the file can hold (see `HDF5ReadLimit`): for
    /// callers that allocate the buffer of a read themselves, before they allocate it.
    public func checkReadable(_ shape: [Int], as type: HDF5NativeType) throws {
        let size = max(type.byteCount, elementType.size)
        try HDF5ReadLimit.check(shape, elementSize: size, objectID: objectID, path: filePath, what: "a read of '\(objectPath)'")
        if let chunk = try chunkShape() {
            try HDF5ReadLimit.check(chunk, elementSize: size, objectID: objectID, path: filePath, what: "a chunk of '\(objectPath)'")
        }
    }

    private func requireNumeric() throws {
        guard elementType.kind == .integer || elementType.kind == .float else {
            throw HDF5Error(path: filePath, operation: "'\(objectPath)' is not numeric (it is \(elementType))")
        }
    }

    private func transfer(
        _ slabs: [HDF5Hyperslab], buffer: UnsafeMutableRawPointer?, capacity: Int,
        type: HDF5NativeType, writing: Bool
    ) throws {
        let count = slabs.reduce(0) { $0 + $1.elementCount }
        precondition(capacity >= count * type.byteCount, "buffer too small for the selection of '\(objectPath)'")
        guard count > 0, let buffer else { return }
        if !writing { try checkReadable([count], as: type) }
        for slab in slabs {
            let inside =
                slab.start.count == shape.count
                && zip(zip(slab.start, slab.count), shape)
                    .allSatisfy { pair, extent in pair.0 >= 0 && pair.1 >= 0 && pair.0 + pair.1 <= extent }
            guard inside else {
                throw HDF5Error(path: filePath, operation: "block \(slab.start) + \(slab.count) is outside '\(objectPath)' of shape \(shape)")
            }
        }
        let fileSpace = try HDF5Library.check(H5Dget_space(objectID), filePath, "cannot read the shape of '\(objectPath)'")
        defer { H5Sclose(fileSpace) }
        try HDF5Dataspace.select(slabs, in: fileSpace, path: filePath)
        // A memory space of the block's own shape lets HDF5 copy whole rows of a single block;
        // a union of blocks is received as one flat run in row-major order.
        let memorySpace = try HDF5Dataspace.create(shape: slabs.count == 1 ? slabs[0].count : [count], path: filePath)
        defer { H5Sclose(memorySpace) }
        if writing {
            try HDF5Library.check(
                H5Dwrite(objectID, type.typeID, memorySpace, fileSpace, kk_h5p_default(), buffer),
                filePath, "cannot write to '\(objectPath)'")
        } else {
            try HDF5Library.check(
                H5Dread(objectID, type.typeID, memorySpace, fileSpace, kk_h5p_default(), buffer),
                filePath, "cannot read '\(objectPath)'")
        }
    }
}
