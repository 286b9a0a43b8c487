/// The normalised cross-correlation of two images of the same size:
/// sum((a - mean a)(b - mean b)) / sqrt(sum((a - mean a)^2) sum((b - mean b)^2)), in [-1, 1].
public enum NormalizedCrossCorrelation {
    public static func of(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "images of different sizes")
        let n = Double(a.count)
        let meanA = a.reduce(0.0) { $0 + Double($1) } / n, meanB = b.reduce(0.0) { $0 + Double($1) } / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<a.count {
            let x = Double(a[i]) - meanA, y = Double(b[i]) - meanB
            ab += x * y
            aa += x * x
            bb += y * y
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }
}
