import CBLAS
import Foundation
import KikuchiIO

/// Principal components of a whole scan without randomization: the leading eigenpairs of the
/// centred data's N x N Gram matrix or of its P x P scatter matrix (N patterns, P pixels), which
/// give what a full SVD of the centred N x P matrix A = U S V^T gives, to rounding.
///
/// - `.gram` (few patterns): the patterns are held as float32 (exact for 8- and 16-bit counts),
///   G = A A^T is summed in double over slabs of pixel columns, centred as they are converted
///   (cblas_dsyrk), and G = U S^2 U^T by LAPACK's dsyevr (its K leading pairs only). The
///   components are the rows of V^T = S^(-1) U^T A, each formed in double and normalised.
/// - `.covariance` (small patterns): one streamed pass sums B^T B in double (cblas_dsyrk), with B
///   a batch less a provisional mean (the first batch's), so that the centring subtracts no large
///   squares: A^T A = B^T B - N d d^T, d the true mean less the provisional one; its K leading
///   eigenvectors are the components.
///
/// Explained variance: S^2 / (N - 1), as scikit-learn's. A component whose S^2 is below 1e-10 of
/// the largest (the centred data has rank at most N - 1, and dsyevr's accuracy is about N eps of
/// the largest) holds no direction of the data and is stored as zeros, which leaves the
/// reconstruction as the rank allows. Signs follow scikit-learn (`PCADecomposition.flipSigns`).
public struct ExactPCA: Sendable {
    public enum Route: String, Equatable, Sendable {
        case gram, covariance
    }

    public var components: Int
    public var route: Route

    /// The most patterns for `.gram`: G is N^2 doubles (128 MiB at this bound) and its
    /// decomposition costs about (4/3) N^3 flops.
    public static let gramPatternLimit = 4096
    /// The most bytes of float32 patterns `.gram` holds (N P 4).
    public static let heldPatternBytes = 256 << 20
    /// The most pixels for `.covariance`: its matrix is P^2 doubles (128 MiB at this bound).
    public static let covariancePixelLimit = 4096

    public init(components: Int, route: Route) {
        self.components = components
        self.route = route
    }

    /// The exact route affordable for `patterns` x `pixels`, or nil: `.gram` when N <= 4096 and the
    /// held patterns take at most 256 MiB; else `.covariance` when P <= 4096 and its one pass,
    /// N P^2 / 2 multiply-adds, costs no more than the 2 (q + 1) N P L of the randomized fit's
    /// q + 1 passes past the sketch (L = `sketchColumns`, q = `powerIterations`), that is when
    /// P <= 4 (q + 1) L.
    public static func affordableRoute(patterns n: Int, pixels p: Int, sketchColumns l: Int, powerIterations q: Int) -> Route? {
        let route = fittingRoute(patterns: n, pixels: p)
        return route == .covariance && p > 4 * (q + 1) * l ? nil : route
    }

    /// The exact route within the memory bounds, whatever it costs, or nil: `.gram` when N <= 4096
    /// and the held patterns take at most 256 MiB; else `.covariance` when P <= 4096.
    public static func fittingRoute(patterns n: Int, pixels p: Int) -> Route? {
        if n <= gramPatternLimit, n * p * 4 <= heldPatternBytes { return .gram }
        if p <= covariancePixelLimit { return .covariance }
        return nil
    }

    /// Fits the model to every pattern of `reader`.
    public func fit(_ reader: PatternReader, progress: (_ stage: String, _ done: Int, _ total: Int) -> Void = { _, _, _ in }) throws -> PCADecomposition {
        let scan = reader.scan
        let k = min(components, scan.count, scan.pixelsPerPattern)
        precondition(k >= 1, "an exact PCA needs at least one component, pattern and pixel")
        switch route {
        case .gram: return try fitGram(reader, count: k, progress: progress)
        case .covariance: return try fitCovariance(reader, count: k, progress: progress)
        }
    }

    private func fitGram(
        _ reader: PatternReader, count k: Int,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> PCADecomposition {
        let scan = reader.scan
        let n = scan.count, p = scan.pixelsPerPattern
        var patterns = [Float](repeating: 0, count: n * p)
        var x: [Float] = []
        try reader.forEachBatch(size: reader.batchSize(forBytes: 16 << 20)) { start, batch in
            batch.writeFloats(into: &x)
            let values = batch.count * p
            patterns.withUnsafeMutableBufferPointer { held in
                x.withUnsafeBufferPointer { held.baseAddress!.advanced(by: start * p).update(from: $0.baseAddress!, count: values) }
            }
            progress("PCA: reading", start + batch.count, n)
        }
        var mean = [Double](repeating: 0, count: p)
        for i in 0..<n { for j in 0..<p { mean[j] += Double(patterns[i * p + j]) } }
        for j in 0..<p { mean[j] /= Double(n) }

        // Slabs of about 32 MiB of doubles: columns [first, first + width) of A.
        let slabWidth = max(1, min(p, (32 << 20) / (8 * n)))
        var slab = [Double](repeating: 0, count: n * slabWidth)
        func fill(_ first: Int, _ width: Int) {
            for i in 0..<n {
                for j in 0..<width { slab[i * width + j] = Double(patterns[i * p + first + j]) - mean[first + j] }
            }
        }
        var gram = [Double](repeating: 0, count: n * n)
        for first in stride(from: 0, to: p, by: slabWidth) {
            let width = min(slabWidth, p - first)
            fill(first, width)
            cblas_dsyrk(
                CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(width),
                1, slab, Int32(width), 1, &gram, Int32(n))
            progress("PCA: Gram matrix", first + width, p)
        }
        let eigen = try LeadingEigenpairs(&gram, size: n, count: k)
        gram = []

        // V^T = S^(-1) U^T A, slab by slab: columns [first, first + width) of U^T A are
        // (slab^T U)^T, with U's columns the rows of eigen.vectors.
        var rows = [Double](repeating: 0, count: k * p)
        var block = [Double](repeating: 0, count: slabWidth * k)
        for first in stride(from: 0, to: p, by: slabWidth) {
            let width = min(slabWidth, p - first)
            fill(first, width)
            cblas_dgemm(
                CblasRowMajor, CblasTrans, CblasTrans, Int32(width), Int32(k), Int32(n),
                1, slab, Int32(width), eigen.vectors, Int32(n), 0, &block, Int32(k))
            for j in 0..<width { for c in 0..<k { rows[c * p + first + j] = block[j * k + c] } }
            progress("PCA: components", first + width, p)
        }
        return Self.decomposition(scan, mean: mean, rows: rows, values: eigen.values, count: k)
    }

    private func fitCovariance(
        _ reader: PatternReader, count k: Int,
        progress: (_ stage: String, _ done: Int, _ total: Int) -> Void
    ) throws -> PCADecomposition {
        let scan = reader.scan
        let n = scan.count, p = scan.pixelsPerPattern
        let batchSize = min(reader.batchSize(forBytes: 16 << 20), max(1, (16 << 20) / (8 * p)))
        var x: [Float] = []
        var shifted = [Double](repeating: 0, count: batchSize * p)
        var provisional: [Double]? = nil
        var sum = [Double](repeating: 0, count: p)
        var scatter = [Double](repeating: 0, count: p * p)
        try reader.forEachBatch(size: batchSize) { start, batch in
            let rows = batch.count
            batch.writeFloats(into: &x)
            if provisional == nil {
                var first = [Double](repeating: 0, count: p)
                for i in 0..<rows { for j in 0..<p { first[j] += Double(x[i * p + j]) } }
                provisional = first.map { $0 / Double(rows) }
            }
            let origin = provisional!
            for i in 0..<rows {
                for j in 0..<p {
                    let value = Double(x[i * p + j]) - origin[j]
                    shifted[i * p + j] = value
                    sum[j] += value
                }
            }
            cblas_dsyrk(
                CblasRowMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows),
                1, shifted, Int32(p), 1, &scatter, Int32(p))
            progress("PCA: scatter matrix", start + rows, n)
        }
        let offset = sum.map { $0 / Double(n) }
        for i in 0..<p { for j in i..<p { scatter[i * p + j] -= Double(n) * offset[i] * offset[j] } }
        let eigen = try LeadingEigenpairs(&scatter, size: p, count: k)
        let origin = provisional ?? [Double](repeating: 0, count: p)
        let mean = (0..<p).map { origin[$0] + offset[$0] }
        return Self.decomposition(scan, mean: mean, rows: eigen.vectors, values: eigen.values, count: k)
    }

    /// The model from unnormalised component rows (count x pixels) and the eigenvalues S^2.
    private static func decomposition(
        _ scan: ScanDescription, mean: [Double], rows: [Double], values: [Double],
        count k: Int
    ) -> PCADecomposition {
        let n = scan.count, p = scan.pixelsPerPattern
        let floor = max(values.first ?? 0, 0) * 1e-10
        var components = [Float](repeating: 0, count: k * p)
        for c in 0..<k where values[c] > floor && values[c] > 0 {
            var norm = 0.0
            for j in 0..<p { norm += rows[c * p + j] * rows[c * p + j] }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            for j in 0..<p { components[c * p + j] = Float(rows[c * p + j] * scale) }
        }
        PCADecomposition.flipSigns(&components, count: k, pixels: p)
        let variance = (0..<k).map { max(values[$0], 0) / Double(max(n - 1, 1)) }
        return PCADecomposition(
            width: scan.width, height: scan.height, patternCount: n, mean: mean.map { Float($0) },
            components: components, explainedVariance: variance)
    }
}
