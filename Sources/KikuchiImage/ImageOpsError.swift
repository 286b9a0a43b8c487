/// Why an image operation refused its arguments. The description is one line that names the problem;
/// the command line wraps it with the file it was working on.
public enum ImageOpsError: Error, Equatable, CustomStringConvertible {
    /// A width or height below 1.
    case invalidSize(width: Int, height: Int)
    /// A pixel array whose count is not width x height.
    case pixelCountMismatch(width: Int, height: Int, count: Int)
    /// An image whose size differs from the one an operation was planned for.
    case sizeMismatch(expectedWidth: Int, expectedHeight: Int, width: Int, height: Int)
    /// A parameter outside its allowed range; the text says which and why.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .invalidSize(width, height):
            return "image size \(width)x\(height) is invalid: width and height must be at least 1"
        case let .pixelCountMismatch(width, height, count):
            return "\(count) pixels do not make a \(width)x\(height) image (\(width * height) expected)"
        case let .sizeMismatch(expectedWidth, expectedHeight, width, height):
            return "image is \(width)x\(height) but the operation was planned for \(expectedWidth)x\(expectedHeight)"
        case let .invalidParameter(text):
            return text
        }
    }
}
