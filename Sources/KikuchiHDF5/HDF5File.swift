import CHDF5

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open HDF5 file, closed when released (or by `close()`).
///
/// Opening checks first that the file exists and is HDF5, so that a wrong file gives one plain
/// line (`not an HDF5 file`) rather than the library's error stack.
public final class HDF5File {
    public let path: String
    private var id: hid_t
    /// The root group `/`.
    public let root: HDF5Group

    /// How to open a file.
    public enum Mode: Sendable {
        /// An existing file, read-only.
        case readOnly
        /// An existing file, for reading and writing.
        case readWrite
        /// A new file, replacing any file at the path.
        case create
    }

    public init(_ path: String, mode: Mode = .readOnly) throws {
        HDF5Library.prepare()
        self.path = path
        switch mode {
        case .readOnly, .readWrite:
            guard access(path, F_OK) == 0 else {
                throw HDF5Error(path: path, operation: "no such file")
            }
            let isHDF5 = H5Fis_hdf5(path)
            _ = HDF5Library.takeErrorMessage()
            guard isHDF5 > 0 else {
                throw HDF5Error(path: path, operation: isHDF5 == 0 ? "not an HDF5 file" : "cannot read the file")
            }
            let flags = mode == .readOnly ? kk_h5f_acc_rdonly() : kk_h5f_acc_rdwr()
            id = try HDF5Library.check(H5Fopen(path, flags, kk_h5p_default()), path, "cannot open the HDF5 file")
        case .create:
            id = try HDF5Library.check(
                H5Fcreate(path, kk_h5f_acc_trunc(), kk_h5p_default(), kk_h5p_default()), path,
                "cannot create the HDF5 file")
        }
        do {
            let rootID = try HDF5Library.check(H5Gopen2(id, "/", kk_h5p_default()), path, "cannot open the root group")
            root = HDF5Group(id: rootID, filePath: path, objectPath: "/")
        } catch {
            H5Fclose(id)
            throw error
        }
    }

    deinit {
        if id >= 0 && H5Fclose(id) < 0 { _ = HDF5Library.takeErrorMessage() }
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try HDF5Library.check(H5Fflush(id, H5F_SCOPE_GLOBAL), path, "cannot flush the HDF5 file")
    }

    /// Closes the file now, reporting a failure to write it out. Groups and datasets still
    /// held keep the file open (HDF5's weak close) until they are released as well.
    public func close() throws {
        guard id >= 0 else { return }
        // Flush first: a weak close only marks the file, and the last open object finishes it
        // silently, so write failures are caught here.
        let flushed = H5Fflush(id, H5F_SCOPE_GLOBAL)
        if flushed < 0 {
            H5Fclose(id)
            id = -1
            throw HDF5Library.failure(path, "cannot write the HDF5 file out")
        }
        let status = H5Fclose(id)
        id = -1
        try HDF5Library.check(status, path, "cannot close the HDF5 file")
    }

    /// Shortcuts on the root group.
    public func group(_ path: String) throws -> HDF5Group { try root.group(path) }
    public func dataset(_ path: String) throws -> HDF5Dataset { try root.dataset(path) }
    public func exists(_ path: String) throws -> Bool { try root.exists(path) }
}
