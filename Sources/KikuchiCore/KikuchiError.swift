/// The errors kikuchi reports: one line naming the file (or model layer) and the problem.
///
/// `badInput` is the user's input or usage (exit status 2): a damaged file, an unknown layer, an
/// input of the wrong shape; `processing` a failure while working (exit status 1): a full disk,
/// an unwritable folder, a library error.
public enum KikuchiError: Error, Equatable, CustomStringConvertible, Sendable {
    case badInput(String, String)
    case processing(String, String)

    /// The file (or model) the problem is in; may be empty.
    public var file: String {
        switch self {
        case let .badInput(file, _), let .processing(file, _): return file
        }
    }

    /// What is wrong, without the file.
    public var problem: String {
        switch self {
        case let .badInput(_, problem), let .processing(_, problem): return problem
        }
    }

    public var description: String {
        file.isEmpty ? problem : "\(file): \(problem)"
    }

    /// The same error attributed to `file` when it names none yet.
    public func attributed(to file: String) -> KikuchiError {
        guard self.file.isEmpty else { return self }
        switch self {
        case let .badInput(_, problem): return .badInput(file, problem)
        case let .processing(_, problem): return .processing(file, problem)
        }
    }

    /// The exit status the command line returns for this error.
    public var exitStatus: Int32 {
        switch self {
        case .badInput: return 2
        case .processing: return 1
        }
    }
}
