/// A failed HDF5 operation: the file, what was being done, and the library's own reason.
///
/// `description` is one line, `FILE: WHAT (REASON)`, so that a bad file gives one clean message
/// instead of HDF5's printed error stack (which `HDF5Library` switches off).
public struct HDF5Error: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file the operation was on.
    public let path: String
    /// What failed, for example `cannot open dataset '/Scan 1/EBSD/Data/patterns'`.
    public let operation: String
    /// The innermost message of HDF5's error stack, when it left one.
    public let reason: String?

    public init(path: String, operation: String, reason: String? = nil) {
        self.path = path
        self.operation = operation
        self.reason = (reason?.isEmpty ?? true) ? nil : reason
    }

    /// What failed and why, without the file: `operation (reason)`.
    public var message: String {
        reason.map { "\(operation) (\($0))" } ?? operation
    }

    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}
