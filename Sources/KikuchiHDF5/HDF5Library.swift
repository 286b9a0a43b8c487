import CHDF5

/// Process-wide set-up of libhdf5 and the checks every wrapper call goes through.
public enum HDF5Library {
    /// Opens the library once and switches off its automatic error printing: every failure is
    /// turned into an `HDF5Error` instead, so a bad file gives one line and not a stack dump.
    static let prepared: Bool = {
        H5open()
        kk_h5_silence_errors()
        return true
    }()

    /// Makes sure the library is prepared; every entry point calls it first.
    public static func prepare() {
        _ = prepared
    }

    /// The library version, for example `1.10.8`.
    public static var version: String {
        prepare()
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        H5get_libversion(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }

    /// The files, groups, datasets, types, dataspaces and attributes open in this process. Every
    /// wrapper closes what it opens, on error paths too, so outside a read this is 0; an object
    /// left open keeps its file open in libhdf5, which then serves stale metadata if the file is
    /// replaced.
    public static var openObjectCount: Int {
        prepare()
        return Int(H5Fget_obj_count(hid_t(kk_h5f_obj_all()), kk_h5f_obj_all()))
    }

    /// The innermost message on HDF5's error stack, which is then cleared.
    static func takeErrorMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let count = buffer.count
        buffer.withUnsafeMutableBufferPointer { kk_h5_innermost_error($0.baseAddress, count) }
        return String(cString: buffer)
    }

    /// An error for `operation` on `path` carrying HDF5's reason.
    static func failure(_ path: String, _ operation: String) -> HDF5Error {
        HDF5Error(path: path, operation: operation, reason: takeErrorMessage())
    }

    /// Returns an identifier, or throws when HDF5 returned a negative (invalid) one.
    @discardableResult
    static func check(_ id: hid_t, _ path: String, _ operation: @autoclosure () -> String) throws -> hid_t {
        guard id >= 0 else { throw failure(path, operation()) }
        return id
    }

    /// Throws when an HDF5 status (`herr_t` or `htri_t`) is negative; returns it otherwise.
    @discardableResult
    static func check(_ status: Int32, _ path: String, _ operation: @autoclosure () -> String) throws -> Int32 {
        guard status >= 0 else { throw failure(path, operation()) }
        return status
    }
}
