import CBLAS

/// dL/dK and dL/dx of a stride-1 convolution with few filters, kernel tap by kernel tap, without
/// the patch matrices of im2col.
///
/// With the output row y, tap (a, b) and the output columns x whose input column
/// x + b - padLeft lies inside the image, the tap's input segment X (n x in, contiguous) and the
/// output gradient segment D (n x filters):
///   dL/dK[a, b] (in x filters) += Xᵀ D,   dL/dx segment (n x in) += D K[a, b]ᵀ.
/// The im2col backward pass writes and reads a (pixels x kh*kw*in) matrix twice per sample, which
/// for the autoencoder's one-filter output layer (9 x 64 taps, 1 filter) is 576 values moved per
/// 576 multiply-adds, a memory-bound pass. Here every product goes straight into the kernel
/// gradient or dL/dx (one filter: a
/// matrix-vector product and a rank-one update per tap and row).
struct TapwiseConvolutionGradient {
    /// Filters below which the tap-wise products beat one im2col GEMM.
    static let filterLimit = 16

    let height: Int
    let width: Int
    let channels: Int
    let filters: Int
    let rows: WindowGeometry
    let columns: WindowGeometry

    /// Whether a layer with these windows goes tap by tap: stride 1 and fewer than
    /// `filterLimit` filters.
    static func applies(rows: WindowGeometry, columns: WindowGeometry, filters: Int) -> Bool {
        rows.stride == 1 && columns.stride == 1 && filters < filterLimit
    }

    /// Adds one sample's kernel gradient into `kernelGradient` (kh, kw, in, filters) and, when
    /// `inputGradient` is given, its dL/dx there (zero-initialised by the caller), from the
    /// sample's input `input` and dL/dz `outputGradient`.
    func accumulate(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
        kernelGradient: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?
    ) {
        let outputWidth = columns.outputSize, tapSize = channels * filters
        for outputRow in 0..<rows.outputSize {
            let rowGradient = outputGradient + outputRow * outputWidth * filters
            for a in 0..<rows.kernel {
                let inputRow = rows.start(outputRow) + a
                guard inputRow >= 0 && inputRow < height else { continue }
                for b in 0..<columns.kernel {
                    let offset = b - columns.padBefore
                    let first = max(0, -offset), last = min(outputWidth - 1, width - 1 - offset)
                    guard last >= first else { continue }
                    let count = last - first + 1, tap = a * columns.kernel + b
                    let inputStart = (inputRow * width + first + offset) * channels
                    let gradient = rowGradient + first * filters
                    addKernelGradient(input + inputStart, gradient, count: count, into: kernelGradient + tap * tapSize)
                    if let inputGradient {
                        addInputGradient(gradient, kernel + tap * tapSize, count: count, into: inputGradient + inputStart)
                    }
                }
            }
        }
    }

    /// tapGradient (in x filters) += segmentᵀ (in x count) gradient (count x filters).
    private func addKernelGradient(
        _ segment: UnsafePointer<Float>, _ gradient: UnsafePointer<Float>, count: Int,
        into tapGradient: UnsafeMutablePointer<Float>
    ) {
        if filters == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasTrans, Int32(count), Int32(channels), 1, segment, Int32(channels),
                gradient, 1, 1, tapGradient, 1)
        } else {
            TrainingProducts.multiply(
                m: channels, n: filters, k: count, a: segment, lda: channels, transposeA: true,
                b: gradient, ldb: filters, transposeB: false, c: tapGradient, ldc: filters, accumulate: true)
        }
    }

    /// segmentGradient (count x in) += gradient (count x filters) tapᵀ (filters x in), tap being
    /// the (in x filters) weights of one kernel tap.
    private func addInputGradient(
        _ gradient: UnsafePointer<Float>, _ tap: UnsafePointer<Float>, count: Int,
        into segmentGradient: UnsafeMutablePointer<Float>
    ) {
        if filters == 1 {
            cblas_sger(CblasRowMajor, Int32(count), Int32(channels), 1, gradient, 1, tap, 1, segmentGradient, Int32(channels))
        } else {
            TrainingProducts.multiply(
                m: count, n: channels, k: filters, a: gradient, lda: filters, transposeA: false,
                b: tap, ldb: filters, transposeB: true, c: segmentGradient, ldc: channels, accumulate: true)
        }
    }
}
