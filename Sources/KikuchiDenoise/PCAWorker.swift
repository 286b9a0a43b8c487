import CBLAS
import KikuchiIO

/// Reconstructs batches from a PCA model with two GEMMs: Z = (X - mu) V^T, X' = Z V + mu.
final class PCAWorker: PatternDenoisingWorker {
    let model: PCADecomposition

    init(model: PCADecomposition) {
        self.model = model
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let p = input.pixelsPerPattern, k = model.componentCount, rows = outputs.count
        var centred = [Float](repeating: 0, count: rows * p)
        for r in 0..<rows {
            let pattern = input.floats(of: outputs.lowerBound + r - inputStart)
            for j in 0..<p { centred[r * p + j] = pattern[j] - model.mean[j] }
        }
        var scores = [Float](repeating: 0, count: rows * k)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(k), Int32(p),
                    1, centred, Int32(p), model.components, Int32(p), 0, &scores, Int32(k))
        var reconstructed = [Float](repeating: 0, count: rows * p)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(p), Int32(k),
                    1, scores, Int32(k), model.components, Int32(p), 0, &reconstructed, Int32(p))
        var output = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: rows)
        for r in 0..<rows {
            output.setPattern(r, from: (0..<p).map { reconstructed[r * p + $0] + model.mean[$0] })
        }
        return output
    }
}
