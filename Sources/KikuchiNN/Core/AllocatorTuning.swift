import CMalloc

/// Keeps large freed blocks in the heap for reuse. glibc serves blocks above 128 KiB with a fresh
/// `mmap` and returns them with `munmap`, so every 28 MB activation of the 236 x 236 network
/// would be page-faulted in (and zeroed by the kernel) again for each pattern, and every unmap
/// would interrupt the other workers to flush their TLBs. Raising the thresholds once lets each
/// worker reuse the same memory from pattern to pattern; the heap then holds at most the peak of
/// the workers' activations, which it needed anyway. glibc's own dynamic threshold (raised to the
/// largest block freed) does this only for some orders of allocation, and not for the 1x1
/// Conv2DTranspose, which writes an uninitialised output.
enum AllocatorTuning {
    private static let applied: Bool = {
        kk_keep_large_blocks()
        return true
    }()

    static func keepLargeBlocks() {
        _ = applied
    }
}
