/// The errors kikuchi reports: one line naming the file and the problem.
///
/// `badInput` is the user's input or usage (exit status 2), `processing` a failure while working
/// (exit status 1): a full disk, an unwritable folder, a library error.
public enum KikuchiError: Error, Equatable, CustomStringConvertible {
    case badInput(String, String)
    case processing(String, String)

    public var description: String {
        switch self {
        case let .badInput(file, problem), let .processing(file, problem):
            return file.isEmpty ? problem : "\(file): \(problem)"
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
