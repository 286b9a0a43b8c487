import CBLAS
import KikuchiIO

/// Reconstructs batches from a PCA model with two GEMMs:
/// Z = X V^T - 1 (V mu)^T (the scores of the centred patterns), then X' = 1 mu^T + Z V.
final class PCAWorker: PatternDenoisingWorker {
    let model: PCADecomposition
    /// V mu: the components' projection of the mean.
    private let meanScores: [Float]
    private var x: [Float] = []
    private var scores: [Float] = []
    private var reconstructed: [Float] = []

    init(model: PCADecomposition) {
        self.model = model
        let p = model.width * model.height, k = model.componentCount
        var projection = [Float](repeating: 0, count: k)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(k), Int32(p), 1, model.components, Int32(p), model.mean, 1, 0, &projection, 1)
        meanScores = projection
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        let p = input.pixelsPerPattern, k = model.componentCount, rows = outputs.count
        let own = input.patterns(outputs, of: inputs)
        own.writeFloats(into: &x)
        if scores.count < rows * k { scores = [Float](repeating: 0, count: rows * k) }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(p),
            1, x, Int32(p), model.components, Int32(p), 0, &scores, Int32(k))
        for r in 0..<rows { for c in 0..<k { scores[r * k + c] -= meanScores[c] } }
        if reconstructed.count < rows * p { reconstructed = [Float](repeating: 0, count: rows * p) }
        for r in 0..<rows { reconstructed.replaceSubrange(r * p..<(r + 1) * p, with: model.mean) }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(p), Int32(k),
            1, scores, Int32(k), model.components, Int32(p), 1, &reconstructed, Int32(p))
        var output = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: rows)
        Self.store(reconstructed, count: rows * p, into: &output)
        return output
    }

    /// Copies the first `count` reconstructed values into `batch` (float32).
    static func store(_ values: [Float], count: Int, into batch: inout PatternBatch) {
        precondition(batch.pixelType == .float32, "denoisers compute in float32")
        batch.bytes.withUnsafeMutableBytes { raw in
            values.withUnsafeBytes { v in raw.baseAddress!.copyMemory(from: v.baseAddress!, byteCount: count * 4) }
        }
    }
}
