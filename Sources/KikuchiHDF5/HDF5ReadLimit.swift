import CHDF5

/// The most bytes a read from an HDF5 file may produce, so that a damaged header (a shape, a chunk
/// size, an attribute's extent) cannot make kikuchi or libhdf5 allocate gigabytes.
///
/// The stored bytes of every object are in the file, and deflate, the one compressing filter
/// these files use, expands its input at most 1032 times (a run of 258 bytes coded in 2 bits).
/// So no object of a file of S bytes can hold more than 1032 x S bytes; 1 MiB is added so that
/// small files with fill-valued datasets still read.
enum HDF5ReadLimit {
    static let expansion = 1032
    static let allowance = 1 << 20

    /// The limit for the file holding `objectID`.
    static func bytes(forObject objectID: hid_t) -> Int {
        let file = H5Iget_file_id(objectID)
        guard file >= 0 else { return Int.max }
        defer { H5Fclose(file) }
        var size: hsize_t = 0
        guard H5Fget_filesize(file, &size) >= 0 else { return Int.max }
        let (scaled, overflow) = Int(clamping: size).multipliedReportingOverflow(by: expansion)
        return overflow ? Int.max : scaled + allowance
    }

    /// Elements of `shape` times `elementSize` bytes, or nil when that overflows an `Int`.
    static func byteCount(of shape: [Int], elementSize: Int) -> Int? {
        var bytes = max(elementSize, 1)
        for extent in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: extent)
            guard !overflow, extent >= 0 else { return nil }
            bytes = product
        }
        return bytes
    }

    /// Refuses `shape` of `elementSize`-byte elements beyond the limit of the file of `objectID`.
    static func check(_ shape: [Int], elementSize: Int, objectID: hid_t, path: String, what: String) throws {
        let limit = bytes(forObject: objectID)
        guard let bytes = byteCount(of: shape, elementSize: elementSize), bytes <= limit else {
            let size = byteCount(of: shape, elementSize: elementSize).map { "\($0) bytes" } ?? "more than 2^63 bytes"
            throw HDF5Error(path: path, operation: "damaged file: \(what) of shape \(shape) would take \(size), more than a file of this size can hold")
        }
    }
}
