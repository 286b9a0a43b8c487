import CHDF5

/// An open HDF5 group or dataset: something with a path inside a file and attributes.
public protocol HDF5Object: AnyObject {
    /// The file this object lives in, for error messages.
    var filePath: String { get }
    /// The object's absolute path inside the file, for example `/Scan 1/EBSD/Data/patterns`.
    var objectPath: String { get }
    /// HDF5's identifier of the open object.
    var objectID: hid_t { get }
}

extension HDF5Object {
    /// `objectPath` joined with a child `name`.
    func childPath(_ name: String) -> String {
        objectPath == "/" ? "/" + name : objectPath + "/" + name
    }
}

/// Closes an HDF5 identifier when released; for objects whose lifetime Swift manages.
final class HDF5IdentifierOwner {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        if close(id) < 0 { _ = HDF5Library.takeErrorMessage() }
    }
}
