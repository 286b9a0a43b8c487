/// An operation on every pattern on the way from one scan file to another (the pattern steps of
/// `convert` and `unpack`: resize, CLAHE), in the source pixel type, and the pattern size it makes.
public struct PatternTransform {
    public var width: Int
    public var height: Int
    public var apply: (PatternBatch) throws -> PatternBatch

    public init(width: Int, height: Int, apply: @escaping (PatternBatch) throws -> PatternBatch) {
        self.width = width
        self.height = height
        self.apply = apply
    }
}
