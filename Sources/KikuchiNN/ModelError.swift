/// A model that cannot be read, built or run: one line naming the file (or layer) and the problem.
///
/// `badInput` is something wrong with what the user gave (an unknown layer, a file that is not a
/// Keras model, an input of the wrong shape); `processing` a failure while working (a file that
/// cannot be written).
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
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
    public func attributed(to file: String) -> ModelError {
        guard self.file.isEmpty else { return self }
        switch self {
        case let .badInput(_, problem): return .badInput(file, problem)
        case let .processing(_, problem): return .processing(file, problem)
        }
    }
}
