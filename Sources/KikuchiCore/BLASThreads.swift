import CBLAS

/// The threads of OpenBLAS, which every matrix product of kikuchi goes through.
public enum BLASThreads {
    /// Makes OpenBLAS run each product on the calling thread only. kikuchi spreads patterns over
    /// cores itself (one product per core); OpenBLAS' own threads would oversubscribe them.
    /// The setting is global to the process.
    public static func useOne() {
        openblas_set_num_threads(1)
    }
}
