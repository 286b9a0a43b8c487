#ifndef KIKUCHI_CZLIB_SHIM_H
#define KIKUCHI_CZLIB_SHIM_H
// zlib inflates and deflates the entries of Keras 3 `.keras` archives (zip) and gives their CRC-32.
#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and stream size); a function imports into Swift.
static inline int kk_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

// deflateInit2 is a macro too: raw deflate (no zlib header), as zip entries store it.
static inline int kk_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
#endif
