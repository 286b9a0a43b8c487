/// The overlap table of OpenCV's area-weighted shrink (`INTER_AREA` with a non-integer factor) along one
/// axis: every output cell d covers source interval [d * scale, (d + 1) * scale) with scale = source /
/// target, and each source sample it touches contributes the overlap length divided by the cell width
/// (the cell is cut at the image edge, so weights always sum to 1). Overlaps under 1e-3 are dropped,
/// as OpenCV's `computeResizeAreaTab` does; the table is computed in double, the weights kept as float.
struct AreaResizeAxis: Sendable {
    /// Source index and weight of each contribution, grouped by output sample.
    private(set) var source: [Int32] = []
    private(set) var weight: [Float] = []
    /// Output sample of each contribution.
    private(set) var target: [Int32] = []
    /// `first[d] ..< first[d + 1]` are the contributions to output sample d.
    private(set) var first: [Int32] = []

    init(source sourceCount: Int, target targetCount: Int) {
        let scale = 1.0 / (Double(targetCount) / Double(sourceCount))
        for d in 0..<targetCount {
            first.append(Int32(source.count))
            let start = Double(d) * scale
            let end = start + scale
            let cellWidth = min(scale, Double(sourceCount) - start)
            var whole0 = Int(start.rounded(.up))
            var whole1 = Int(end.rounded(.down))
            whole1 = min(whole1, sourceCount - 1)
            whole0 = min(whole0, whole1)
            if Double(whole0) - start > 1e-3 {
                append(d, whole0 - 1, Float((Double(whole0) - start) / cellWidth))
            }
            for s in whole0..<max(whole0, whole1) {
                append(d, s, Float(1.0 / cellWidth))
            }
            if end - Double(whole1) > 1e-3 {
                append(d, whole1, Float(min(min(end - Double(whole1), 1.0), cellWidth) / cellWidth))
            }
        }
        first.append(Int32(source.count))
    }

    private mutating func append(_ d: Int, _ s: Int, _ w: Float) {
        target.append(Int32(d))
        source.append(Int32(s))
        weight.append(w)
    }
}
