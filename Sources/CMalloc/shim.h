#ifndef KIKUCHI_CMALLOC_SHIM_H
#define KIKUCHI_CMALLOC_SHIM_H
// glibc's allocator settings (malloc.h is not part of Swift's Glibc module).
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
// Serve and keep blocks up to 1 GiB from the heap instead of mmap / munmap for each one.
static inline void kk_keep_large_blocks(void) {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
}
#else
static inline void kk_keep_large_blocks(void) {}
#endif
#endif
