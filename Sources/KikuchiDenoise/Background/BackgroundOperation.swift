/// How a background is taken out of a pattern: kikuchipy's `operation="subtract"` or `"divide"`.
public enum BackgroundOperation: String, Sendable, CaseIterable {
    case subtract
    case divide

    /// `pattern[i] - background[i]` or `pattern[i] / background[i]`, in float32 as kikuchipy computes.
    /// Division by a zero background pixel gives 0 there rather than an infinity, so that one dark
    /// background pixel cannot flatten the whole rescaled pattern.
    public func apply(_ pattern: inout [Float], background: [Float]) {
        precondition(pattern.count == background.count, "pattern and background sizes differ")
        switch self {
        case .subtract:
            for i in pattern.indices { pattern[i] -= background[i] }
        case .divide:
            for i in pattern.indices { pattern[i] = background[i] != 0 ? pattern[i] / background[i] : 0 }
        }
    }
}
