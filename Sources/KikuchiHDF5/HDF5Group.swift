import CHDF5

/// An open HDF5 group: its members, child groups and datasets, and creation of new ones.
///
/// Paths given to the lookup methods may be nested (`EBSD/Data/patterns`) and are relative to
/// this group; a leading `/` makes them absolute within the file.
public final class HDF5Group: HDF5Object {
    public let filePath: String
    public let objectPath: String
    private let owner: HDF5IdentifierOwner
    public var objectID: hid_t { owner.id }

    init(id: hid_t, filePath: String, objectPath: String) {
        owner = HDF5IdentifierOwner(id, close: H5Gclose)
        self.filePath = filePath
        self.objectPath = objectPath
    }

    /// What kind of object a member is.
    public enum MemberKind: Sendable {
        case group, dataset, other
    }

    // MARK: - Listing

    /// The names of this group's direct members, in name order (as h5py lists them).
    public func memberNames() throws -> [String] {
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(objectID, &info), filePath, "cannot list the members of '\(objectPath)'")
        return try (0..<info.nlinks).map { index in
            let length = H5Lget_name_by_idx(objectID, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, kk_h5p_default())
            guard length >= 0 else { throw HDF5Library.failure(filePath, "cannot list the members of '\(objectPath)'") }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            H5Lget_name_by_idx(objectID, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, kk_h5p_default())
            return String(cString: name)
        }
    }

    /// The names of the direct members that are groups.
    public func groupNames() throws -> [String] {
        try memberNames().filter { try kind(of: $0) == .group }
    }

    /// The names of the direct members that are datasets.
    public func datasetNames() throws -> [String] {
        try memberNames().filter { try kind(of: $0) == .dataset }
    }

    /// Whether `path` names an existing object (every link along it must exist).
    public func exists(_ path: String) throws -> Bool {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + component
            let found = try HDF5Library.check(
                H5Lexists(objectID, prefix, kk_h5p_default()), filePath,
                "cannot look for '\(prefix)' in '\(objectPath)'")
            if found == 0 { return false }
        }
        return true
    }

    /// The kind of object at `path`, or nil when there is none.
    public func kind(of path: String) throws -> MemberKind? {
        guard try exists(path) else { return nil }
        let object = try HDF5Library.check(H5Oopen(objectID, path, kk_h5p_default()), filePath, "cannot open '\(resolved(path))'")
        defer { H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Whether `path` is a group.
    public func hasGroup(_ path: String) throws -> Bool { try kind(of: path) == .group }

    /// Whether `path` is a dataset.
    public func hasDataset(_ path: String) throws -> Bool { try kind(of: path) == .dataset }

    // MARK: - Opening

    /// The group at `path`.
    public func group(_ path: String) throws -> HDF5Group {
        guard try kind(of: path) == .group else {
            throw HDF5Error(path: filePath, operation: "no group '\(resolved(path))'")
        }
        let id = try HDF5Library.check(H5Gopen2(objectID, path, kk_h5p_default()), filePath, "cannot open group '\(resolved(path))'")
        return HDF5Group(id: id, filePath: filePath, objectPath: resolved(path))
    }

    /// The dataset at `path`.
    public func dataset(_ path: String) throws -> HDF5Dataset {
        guard try kind(of: path) == .dataset else {
            throw HDF5Error(path: filePath, operation: "no dataset '\(resolved(path))'")
        }
        let id = try HDF5Library.check(H5Dopen2(objectID, path, kk_h5p_default()), filePath, "cannot open dataset '\(resolved(path))'")
        return try HDF5Dataset(id: id, filePath: filePath, objectPath: resolved(path))
    }

    // MARK: - Creating

    /// A new group at `path`; missing intermediate groups are created too.
    public func createGroup(_ path: String) throws -> HDF5Group {
        let links = try HDF5Library.check(H5Pcreate(kk_h5p_link_create()), filePath, "cannot create a property list")
        defer { H5Pclose(links) }
        H5Pset_create_intermediate_group(links, 1)
        let id = try HDF5Library.check(
            H5Gcreate2(objectID, path, links, kk_h5p_default(), kk_h5p_default()), filePath,
            "cannot create group '\(resolved(path))'")
        return HDF5Group(id: id, filePath: filePath, objectPath: resolved(path))
    }

    /// The group at `path`, created (with its parents) when missing.
    public func requireGroup(_ path: String) throws -> HDF5Group {
        try hasGroup(path) ? group(path) : createGroup(path)
    }

    /// A new numeric dataset of `shape` stored as `type`; zero-filled until written.
    ///
    /// - Parameters:
    ///   - chunkShape: chunked storage with these chunk dimensions (needed for compression);
    ///     contiguous storage when nil.
    ///   - gzipLevel: deflate compression level 0...9 (requires `chunkShape`).
    public func createDataset(
        _ path: String, type: HDF5NativeType, shape: [Int],
        chunkShape: [Int]? = nil, gzipLevel: Int? = nil
    ) throws -> HDF5Dataset {
        precondition(gzipLevel == nil || chunkShape != nil, "compression needs chunked storage")
        let space = try HDF5Dataspace.create(shape: shape, path: filePath)
        defer { H5Sclose(space) }
        let creation = try HDF5Library.check(H5Pcreate(kk_h5p_dataset_create()), filePath, "cannot create a property list")
        defer { H5Pclose(creation) }
        if let chunkShape {
            let dims = chunkShape.map { hsize_t(max($0, 1)) }
            try HDF5Library.check(
                H5Pset_chunk(creation, Int32(dims.count), dims), filePath,
                "cannot use chunks \(chunkShape) for '\(resolved(path))' of shape \(shape)")
        }
        if let gzipLevel {
            try HDF5Library.check(
                H5Pset_deflate(creation, UInt32(min(max(gzipLevel, 0), 9))), filePath,
                "cannot compress '\(resolved(path))'")
        }
        let links = try HDF5Library.check(H5Pcreate(kk_h5p_link_create()), filePath, "cannot create a property list")
        defer { H5Pclose(links) }
        H5Pset_create_intermediate_group(links, 1)
        let id = try HDF5Library.check(
            H5Dcreate2(objectID, path, type.typeID, space, links, creation, kk_h5p_default()),
            filePath, "cannot create dataset '\(resolved(path))'")
        return try HDF5Dataset(id: id, filePath: filePath, objectPath: resolved(path))
    }

    /// A new numeric dataset holding `values` with `shape` (default one dimension), stored as `T`.
    @discardableResult
    public func createDataset<T: HDF5Number>(_ path: String, values: [T], shape: [Int]? = nil) throws -> HDF5Dataset {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "dataset shape does not match its values")
        let dataset = try createDataset(path, type: T.hdf5Type, shape: shape)
        try dataset.write(values)
        return dataset
    }

    /// A new string dataset holding `values` with `shape` (default one dimension; `[]` for a
    /// scalar), fixed-length (NUL-padded to the longest value plus one, as kikuchipy writes
    /// header strings) or variable-length.
    @discardableResult
    public func createStringDataset(
        _ path: String, values: [String], shape: [Int]? = nil,
        variableLength: Bool = false
    ) throws -> HDF5Dataset {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "dataset shape does not match its values")
        let type = try HDF5StringCodec.makeType(for: values, variableLength: variableLength, path: filePath)
        defer { H5Tclose(type) }
        let space = try HDF5Dataspace.create(shape: shape, path: filePath)
        defer { H5Sclose(space) }
        let links = try HDF5Library.check(H5Pcreate(kk_h5p_link_create()), filePath, "cannot create a property list")
        defer { H5Pclose(links) }
        H5Pset_create_intermediate_group(links, 1)
        let id = try HDF5Library.check(
            H5Dcreate2(objectID, path, type, space, links, kk_h5p_default(), kk_h5p_default()),
            filePath, "cannot create dataset '\(resolved(path))'")
        let dataset = try HDF5Dataset(id: id, filePath: filePath, objectPath: resolved(path))
        if !values.isEmpty {
            let status = HDF5StringCodec.withBuffer(values, type: type) { H5Dwrite(id, type, kk_h5s_all(), kk_h5s_all(), kk_h5p_default(), $0) }
            try HDF5Library.check(status, filePath, "cannot write '\(resolved(path))'")
        }
        return dataset
    }

    // MARK: - Helpers

    /// The absolute path of `path` taken relative to this group.
    func resolved(_ path: String) -> String {
        path.hasPrefix("/") ? path : childPath(path)
    }
}
