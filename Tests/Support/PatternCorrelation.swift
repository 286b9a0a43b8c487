/// The normalised cross-correlation of two patterns, sum (a - mean a)(b - mean b) /
/// sqrt(sum (a - mean a)^2 sum (b - mean b)^2), in double precision; two flat patterns count as
/// equal (1) when they are the same and as uncorrelated (0) otherwise.
public enum PatternCorrelation {
    public static func ncc(_ a: [Float], _ b: [Float]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0.0) { $0 + Double($1) } / n, mb = b.reduce(0.0) { $0 + Double($1) } / n
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in a.indices {
            let x = Double(a[i]) - ma, y = Double(b[i]) - mb
            ab += x * y; aa += x * x; bb += y * y
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : (aa == bb ? 1 : 0)
    }
}
