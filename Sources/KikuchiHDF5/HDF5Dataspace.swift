import CHDF5

/// A block of a dataset: `count[i]` elements from `start[i]` along each dimension.
public struct HDF5Hyperslab: Equatable, Sendable {
    public var start: [Int]
    public var count: [Int]

    public init(start: [Int], count: [Int]) {
        precondition(start.count == count.count, "a hyperslab needs one start and one count per dimension")
        self.start = start
        self.count = count
    }

    /// Elements in the block.
    public var elementCount: Int { count.reduce(1, *) }
}

/// Dataspace helpers: shapes of stored objects and selections for partial reads and writes.
enum HDF5Dataspace {
    /// The shape of dataspace `spaceID`: `[]` for a scalar, a zero among the dimensions (or
    /// `[0]` for a null dataspace) when it holds nothing.
    static func shape(of spaceID: hid_t) -> [Int] {
        let spaceClass = H5Sget_simple_extent_type(spaceID)
        if spaceClass == H5S_NULL { return [0] }
        if spaceClass == H5S_SCALAR { return [] }
        let rank = Int(H5Sget_simple_extent_ndims(spaceID))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(spaceID, &dims, nil)
        return dims.map { Int(clamping: $0) }
    }

    /// The first dimension of `spaceID` that exceeds its own maximum extent (a damaged file;
    /// libhdf5 1.10 does not check), as (dimension, extent, maximum); nil when none does.
    static func dimensionBeyondMaximum(of spaceID: hid_t) -> (dimension: Int, extent: UInt64, maximum: UInt64)? {
        let rank = Int(H5Sget_simple_extent_ndims(spaceID))
        guard rank > 0 else { return nil }
        var dims = [hsize_t](repeating: 0, count: rank), maxima = [hsize_t](repeating: 0, count: rank)
        guard H5Sget_simple_extent_dims(spaceID, &dims, &maxima) >= 0 else { return nil }
        let unlimited = hsize_t.max
        for dimension in 0..<rank where maxima[dimension] != unlimited && dims[dimension] > maxima[dimension] {
            return (dimension, UInt64(dims[dimension]), UInt64(maxima[dimension]))
        }
        return nil
    }

    /// A new simple dataspace of `shape` (scalar for `[]`); the caller closes it.
    static func create(shape: [Int], path: String) throws -> hid_t {
        if shape.isEmpty {
            return try HDF5Library.check(H5Screate(H5S_SCALAR), path, "cannot create a scalar dataspace")
        }
        let dims = shape.map { hsize_t($0) }
        return try HDF5Library.check(
            H5Screate_simple(Int32(dims.count), dims, nil), path,
            "cannot create a dataspace of shape \(shape)")
    }

    /// Selects the union of `slabs` in `spaceID`. HDF5 then transfers the selected elements in
    /// the dataset's row-major order, whatever order the blocks were given in.
    static func select(_ slabs: [HDF5Hyperslab], in spaceID: hid_t, path: String) throws {
        for (index, slab) in slabs.enumerated() {
            let start = slab.start.map { hsize_t($0) }
            let count = slab.count.map { hsize_t($0) }
            let operation = index == 0 ? H5S_SELECT_SET : H5S_SELECT_OR
            try HDF5Library.check(
                H5Sselect_hyperslab(spaceID, operation, start, nil, count, nil), path,
                "cannot select elements \(slab.start) + \(slab.count)")
        }
    }
}
