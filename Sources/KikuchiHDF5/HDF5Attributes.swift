import CHDF5

/// Attributes of groups and datasets: names, strings (fixed- or variable-length, scalars or
/// arrays) and numbers, read and written.
extension HDF5Object {
    /// The names of this object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        let collector = HDF5AttributeNameCollector()
        var position: hsize_t = 0
        let status = withExtendedLifetime(collector) {
            H5Aiterate2(
                objectID, H5_INDEX_NAME, H5_ITER_INC, &position,
                { _, name, _, context in
                    let collector = Unmanaged<HDF5AttributeNameCollector>.fromOpaque(context!).takeUnretainedValue()
                    collector.names.append(String(cString: name!))
                    return 0
                }, Unmanaged.passUnretained(collector).toOpaque())
        }
        try HDF5Library.check(status, filePath, "cannot list the attributes of '\(objectPath)'")
        return collector.names
    }

    /// Whether an attribute called `name` exists.
    public func hasAttribute(_ name: String) throws -> Bool {
        try HDF5Library.check(
            H5Aexists(objectID, name), filePath,
            "cannot look for attribute '\(name)' of '\(objectPath)'") > 0
    }

    /// The stored element type and shape of attribute `name`.
    public func attributeInfo(_ name: String) throws -> (type: HDF5ElementType, shape: [Int]) {
        try withAttribute(name) { attribute, type, space in (HDF5ElementType(typeID: type), HDF5Dataspace.shape(of: space)) }
    }

    /// A string attribute (scalar, or the first element of an array), fixed- or variable-length.
    public func readStringAttribute(_ name: String) throws -> String {
        guard let first = try readStringArrayAttribute(name).first else {
            throw HDF5Error(path: filePath, operation: "attribute '\(name)' of '\(objectPath)' holds no string")
        }
        return first
    }

    /// All strings of a string attribute, fixed- or variable-length. A numeric attribute with no
    /// elements gives `[]`: h5py stores an empty list as an empty float array (as Keras does
    /// for layers without weights).
    public func readStringArrayAttribute(_ name: String) throws -> [String] {
        try withAttribute(name) { attribute, type, space in
            if H5Tget_class(type) != H5T_STRING && H5Sget_simple_extent_npoints(space) == 0 { return [] }
            return try HDF5StringCodec.read(
                fileType: type, spaceID: space, objectID: attribute, path: filePath,
                what: "attribute '\(name)' of '\(objectPath)'"
            ) { memoryType, buffer in
                H5Aread(attribute, memoryType, buffer)
            }
        }
    }

    /// A numeric attribute's values, converted to `T` by HDF5.
    public func readNumericAttribute<T: HDF5Number>(_ name: String, as: T.Type = T.self) throws -> [T] {
        try withAttribute(name) { attribute, type, space in
            let kind = HDF5ElementType(typeID: type).kind
            guard kind == .integer || kind == .float else {
                throw HDF5Error(path: filePath, operation: "attribute '\(name)' of '\(objectPath)' is not numeric (it is \(HDF5ElementType(typeID: type)))")
            }
            let count = Int(H5Sget_simple_extent_npoints(space))
            try HDF5ReadLimit.check(
                [count], elementSize: max(T.hdf5Type.byteCount, Int(H5Tget_size(type))), objectID: attribute,
                path: filePath, what: "attribute '\(name)' of '\(objectPath)'")
            var values = [T](repeating: 0, count: count)
            guard !values.isEmpty else { return [] }
            let status = values.withUnsafeMutableBytes { H5Aread(attribute, T.hdf5Type.typeID, $0.baseAddress!) }
            try HDF5Library.check(status, filePath, "cannot read attribute '\(name)' of '\(objectPath)'")
            return values
        }
    }

    /// Writes (replacing) a string attribute: a scalar, variable-length by default.
    public func writeStringAttribute(_ name: String, _ value: String, variableLength: Bool = true) throws {
        try writeStrings(name, [value], shape: [], variableLength: variableLength)
    }

    /// Writes (replacing) a one-dimensional string-array attribute.
    public func writeStringArrayAttribute(_ name: String, _ values: [String], variableLength: Bool = true) throws {
        try writeStrings(name, values, shape: [values.count], variableLength: variableLength)
    }

    /// Writes (replacing) a numeric attribute of `shape` (default: one dimension of
    /// `values.count`; `[]` for a scalar).
    public func writeNumericAttribute<T: HDF5Number>(_ name: String, _ values: [T], shape: [Int]? = nil) throws {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "attribute shape does not match its values")
        try createAttribute(name, type: T.hdf5Type.typeID, shape: shape) { attribute, type in
            values.withUnsafeBytes { H5Awrite(attribute, type, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!) }
        }
    }

    // MARK: - Helpers

    private func writeStrings(_ name: String, _ values: [String], shape: [Int], variableLength: Bool) throws {
        let type = try HDF5StringCodec.makeType(for: values, variableLength: variableLength, path: filePath)
        defer { H5Tclose(type) }
        try createAttribute(name, type: type, shape: shape) { attribute, type in
            HDF5StringCodec.withBuffer(values, type: type) { H5Awrite(attribute, type, $0) }
        }
    }

    private func createAttribute(_ name: String, type: hid_t, shape: [Int], write: (hid_t, hid_t) -> herr_t) throws {
        if try hasAttribute(name) {
            try HDF5Library.check(H5Adelete(objectID, name), filePath, "cannot replace attribute '\(name)' of '\(objectPath)'")
        }
        let space = try HDF5Dataspace.create(shape: shape, path: filePath)
        defer { H5Sclose(space) }
        let attribute = try HDF5Library.check(
            H5Acreate2(objectID, name, type, space, kk_h5p_default(), kk_h5p_default()), filePath,
            "cannot create attribute '\(name)' of '\(objectPath)'")
        defer { H5Aclose(attribute) }
        if shape.reduce(1, *) > 0 {
            try HDF5Library.check(write(attribute, type), filePath, "cannot write attribute '\(name)' of '\(objectPath)'")
        }
    }

    private func withAttribute<R>(_ name: String, _ body: (hid_t, hid_t, hid_t) throws -> R) throws -> R {
        guard try hasAttribute(name) else {
            throw HDF5Error(path: filePath, operation: "'\(objectPath)' has no attribute '\(name)'")
        }
        let attribute = try HDF5Library.check(
            H5Aopen(objectID, name, kk_h5p_default()), filePath,
            "cannot open attribute '\(name)' of '\(objectPath)'")
        defer { H5Aclose(attribute) }
        let type = try HDF5Library.check(H5Aget_type(attribute), filePath, "cannot read the type of attribute '\(name)'")
        defer { H5Tclose(type) }
        let space = try HDF5Library.check(H5Aget_space(attribute), filePath, "cannot read the shape of attribute '\(name)'")
        defer { H5Sclose(space) }
        return try body(attribute, type, space)
    }
}

/// Gathers names during H5Aiterate2, whose C callback reaches it through an opaque pointer.
private final class HDF5AttributeNameCollector {
    var names: [String] = []
}
