import KikuchiIO

/// The pattern steps of `convert`, `unpack` and `repack` (resize, CLAHE) on the way from one scan file to another.
extension TranscodeOptions {
    /// Sets the pattern steps for `scan`, when there are any.
    public mutating func apply(_ steps: PatternSteps, to scan: ScanDescription, path: String) throws {
        guard !steps.isEmpty else { return }
        // CLAHE spreads values over the whole type range: narrowing must map that range, not the input's.
        if steps.clahe != nil { narrowing = .dtype }
        let size = steps.outputSize(width: scan.width, height: scan.height)
        patternSteps = PatternTransform(width: size.width, height: size.height, apply: try steps.makeTransform(for: scan, path: path))
    }
}
