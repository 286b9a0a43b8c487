import Foundation

/// Similarity of a denoised pattern to its clean truth, the figures of `kikuchi compare`.
///
/// Methods leave patterns on different intensity scales (background corrections stretch to the
/// type's range, PCA keeps the raw scale), so PSNR and SSIM compare patterns min-max normalised
/// to [0, 1] each; NCC does not depend on the scale.
public enum PatternComparison {
    /// `values` mapped linearly so that their minimum is 0 and maximum 1 (all 0 when flat).
    public static func minMaxNormalized(_ values: [Double]) -> [Double] {
        guard let low = values.min(), let high = values.max(), high > low else {
            return [Double](repeating: 0, count: values.count)
        }
        return values.map { ($0 - low) / (high - low) }
    }

    /// Peak signal-to-noise ratio in dB of `test` against `truth`, both already in [0, 1]:
    /// 10 log10(1 / MSE); infinite for identical patterns.
    public static func peakSignalToNoise(_ test: [Double], truth: [Double]) -> Double {
        precondition(test.count == truth.count && !test.isEmpty)
        var sum = 0.0
        for index in test.indices {
            let difference = test[index] - truth[index]
            sum += difference * difference
        }
        let meanSquare = sum / Double(test.count)
        return meanSquare > 0 ? 10 * (1 / meanSquare).log10 : .infinity
    }

    /// Normalised cross-correlation: sum((a - mean a)(b - mean b)) / sqrt(sum (a - mean a)^2 x
    /// sum (b - mean b)^2), in [-1, 1]; 0 when either pattern is flat.
    public static func normalizedCrossCorrelation(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && !a.isEmpty)
        let meanA = a.reduce(0, +) / Double(a.count), meanB = b.reduce(0, +) / Double(b.count)
        var product = 0.0, squareA = 0.0, squareB = 0.0
        for index in a.indices {
            let x = a[index] - meanA, y = b[index] - meanB
            product += x * y
            squareA += x * x
            squareB += y * y
        }
        return squareA > 0 && squareB > 0 ? product / (squareA * squareB).squareRoot() : 0
    }
}

extension Double {
    /// The base-10 logarithm.
    var log10: Double { Foundation.log10(self) }
}
