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

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let p = input.pixelsPerPattern, k = model.componentCount, rows = outputs.count
        let own = outputs.lowerBound == inputStart && outputs.count == input.count
            ? input : input.slice(outputs.lowerBound - inputStart ..< outputs.upperBound - inputStart)
        own.writeFloats(into: &x)
        if scores.count < rows * k { scores = [Float](repeating: 0, count: rows * k) }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(p),
                    1, x, Int32(p), model.components, Int32(p), 0, &scores, Int32(k))
        for r in 0..<rows { for c in 0..<k { scores[r * k + c] -= meanScores[c] } }
        if reconstructed.count < rows * p { reconstructed = [Float](repeating: 0, count: rows * p) }
        for r in 0..<rows { reconstructed.replaceSubrange(r * p ..< (r + 1) * p, with: model.mean) }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(p), Int32(k),
                    1, scores, Int32(k), model.components, Int32(p), 1, &reconstructed, Int32(p))
        var output = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: rows)
        Self.store(reconstructed, count: rows * p, into: &output)
        return output
    }

    /// Integer types: rounded to nearest (halves away from zero, as `PatternBatch.setPattern`) and
    /// clamped to the type's range, computed as trunc(clamp(v) + 0.5) without a libm call per pixel;
    /// float32 as computed.
    static func store(_ values: [Float], count: Int, into batch: inout PatternBatch) {
        let type = batch.pixelType
        let top = Float(type.maximum)
        batch.bytes.withUnsafeMutableBytes { raw in
            values.withUnsafeBufferPointer { v in
                switch type {
                case .uint8:
                    let out = raw.bindMemory(to: UInt8.self)
                    for i in 0..<count { out[i] = UInt8(min(max(v[i], 0), top) + 0.5) }
                case .uint16:
                    let out = raw.bindMemory(to: UInt16.self)
                    for i in 0..<count { out[i] = UInt16(min(max(v[i], 0), top) + 0.5) }
                case .float32:
                    let out = raw.bindMemory(to: Float.self)
                    for i in 0..<count { out[i] = v[i] }
                }
            }
        }
    }
}
