import Foundation
import KikuchiCore
import KikuchiIO

/// Scores every pattern of a scan, streamed in batches: image quality and the neighbour dot
/// product always, PSNR, SSIM and NCC against a clean truth when there is one. Patterns of a
/// batch are spread over the cores.
public struct ScanScorer {
    public var threads: Int

    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = max(1, threads)
    }

    /// Refuses a truth (at `path`) that does not hold as many patterns of the same size as `scan`.
    public static func check(truth: ScanDescription, path: String, against scan: ScanDescription) throws {
        guard truth.count == scan.count, truth.width == scan.width, truth.height == scan.height else {
            throw KikuchiError.badInput(
                path, "the truth holds \(truth.count) patterns of \(truth.width) x \(truth.height); the scan \(scan.count) of \(scan.width) x \(scan.height)")
        }
    }

    /// The scores of `reader`'s patterns (the method `name`, which took `seconds`).
    public func score(_ reader: PatternReader, truth: PatternReader?, name: String, seconds: Double) throws -> MethodScores {
        let scan = reader.scan
        if let truth { try Self.check(truth: truth.scan, path: "", against: scan) }
        var scores = MethodScores(name: name, seconds: seconds)
        let quality = ImageQuality(width: scan.width, height: scan.height)
        let similarity = StructuralSimilarity()
        let count = scan.count
        var iq = [Double](repeating: .nan, count: count)
        var psnr = iq, ssim = iq, ncc = iq
        let batchSize = reader.batchSize(forBytes: 8 << 20)
        try reader.forEachBatch(size: batchSize) { start, batch in
            let clean = try truth?.read(start..<start + batch.count)
            let lanes = min(threads, batch.count)
            iq.withUnsafeMutableBufferPointer { iqOut in
                psnr.withUnsafeMutableBufferPointer { psnrOut in
                    ssim.withUnsafeMutableBufferPointer { ssimOut in
                        ncc.withUnsafeMutableBufferPointer { nccOut in
                            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                                for offset in stride(from: lane, to: batch.count, by: lanes) {
                                    let pattern = batch.floats(of: offset).map(Double.init)
                                    iqOut[start + offset] = quality(pattern)
                                    guard let clean else { continue }
                                    let reference = clean.floats(of: offset).map(Double.init)
                                    nccOut[start + offset] = PatternComparison.normalizedCrossCorrelation(pattern, reference)
                                    let a = PatternComparison.minMaxNormalized(pattern), b = PatternComparison.minMaxNormalized(reference)
                                    psnrOut[start + offset] = PatternComparison.peakSignalToNoise(a, truth: b)
                                    ssimOut[start + offset] = similarity(a, b, width: scan.width, height: scan.height)
                                }
                            }
                        }
                    }
                }
            }
        }
        scores.imageQuality = iq
        if truth != nil {
            scores.psnr = psnr
            scores.ssim = ssim
            scores.ncc = ncc
        }
        scores.neighbourDotProduct = try NeighbourDotProducts.map(of: reader)
        return scores
    }
}
