import CBLAS

/// The kernel set OpenBLAS runs on in this process: its own choice for the CPU, or the one the
/// environment forces with OPENBLAS_CORETYPE. Every throughput figure depends on it (the AVX-512
/// kernels against the AVX2 ones), so `kikuchi bench` prints it beside its figures.
public enum BLASKernels {
    /// OpenBLAS' name of the kernels, e.g. "Cooperlake", "SkylakeX", "Haswell".
    public static var name: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
}
