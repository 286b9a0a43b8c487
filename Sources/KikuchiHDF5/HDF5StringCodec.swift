import CHDF5

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes strings of datasets and attributes, fixed- or variable-length.
///
/// Fixed-length strings are `size` bytes each, padded with NULs or spaces (the padding is
/// removed); variable-length ones are C strings that HDF5 allocates and `H5Dvlen_reclaim` frees.
/// Bytes are decoded as UTF-8, which covers the ASCII that instruments and Keras write.
enum HDF5StringCodec {
    /// The strings of an object with stored type `fileType` and dataspace `spaceID`;
    /// `read(memoryType, buffer)` performs the H5Dread / H5Aread.
    /// `objectID` is the dataset or attribute, whose file bounds the size (`HDF5ReadLimit`).
    static func read(
        fileType: hid_t, spaceID: hid_t, objectID: hid_t, path: String, what: String,
        read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) throws -> [String] {
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw HDF5Error(path: path, operation: "\(what) is not a string (it is \(HDF5ElementType(typeID: fileType)))")
        }
        let count = Int(H5Sget_select_npoints(spaceID))
        guard count > 0 else { return [] }
        let elementSize = H5Tis_variable_str(fileType) > 0 ? MemoryLayout<UnsafeRawPointer>.size : Int(H5Tget_size(fileType))
        try HDF5ReadLimit.check([count], elementSize: elementSize, objectID: objectID, path: path, what: what)
        let memoryType = try HDF5Library.check(H5Tcopy(fileType), path, "cannot copy the string type of \(what)")
        defer { H5Tclose(memoryType) }
        if H5Tis_variable_str(fileType) > 0 {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
            try HDF5Library.check(status, path, "cannot read \(what)")
            defer { _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(memoryType, spaceID, kk_h5p_default(), $0.baseAddress!) } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = Int(H5Tget_size(fileType))
        var bytes = [UInt8](repeating: 0, count: count * size)
        let status = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
        try HDF5Library.check(status, path, "cannot read \(what)")
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var field = bytes[index * size..<(index + 1) * size]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// A new string datatype for `values`: variable-length, or fixed at the longest value's
    /// byte count plus one NUL (as NumPy's `S` types and kikuchipy write them). Caller closes it.
    static func makeType(for values: [String], variableLength: Bool, path: String) throws -> hid_t {
        let type = try HDF5Library.check(H5Tcopy(kk_h5t_c_s1()), path, "cannot create a string type")
        let size = variableLength ? kk_h5t_variable() : (values.map { $0.utf8.count }.max() ?? 0) + 1
        guard H5Tset_size(type, size) >= 0, H5Tset_cset(type, H5T_CSET_UTF8) >= 0,
            variableLength || H5Tset_strpad(type, H5T_STR_NULLPAD) >= 0
        else {
            H5Tclose(type)
            throw HDF5Library.failure(path, "cannot set up a string type")
        }
        return type
    }

    /// Calls `body` with a buffer holding `values` in the layout of `type` (from `makeType`).
    static func withBuffer<R>(_ values: [String], type: hid_t, _ body: (UnsafeRawPointer) -> R) -> R {
        if H5Tis_variable_str(type) > 0 {
            let copies = values.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            let pointers = copies.map { UnsafePointer<CChar>($0) }
            return pointers.withUnsafeBytes { body($0.baseAddress!) }
        }
        let size = Int(H5Tget_size(type))
        var bytes = [UInt8](repeating: 0, count: max(values.count * size, 1))
        for (index, value) in values.enumerated() {
            let utf8 = Array(value.utf8.prefix(size))
            bytes.replaceSubrange(index * size..<index * size + utf8.count, with: utf8)
        }
        return bytes.withUnsafeBytes { body($0.baseAddress!) }
    }
}
