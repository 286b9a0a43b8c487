#ifndef KIKUCHI_CWINOGRAD_H
#define KIKUCHI_CWINOGRAD_H
// The data transforms of Winograd convolution (see KikuchiNN's WinogradConvolution), in C so that
// the channel loops can be compiled for AVX2 and AVX-512 and picked at load time: Swift compiles
// a whole module for the baseline x86-64 (SSE2) and cannot target one function at wider vectors.
// Every array is float32, row-major; channels are the innermost, contiguous axis (NHWC).

/// Input transform of one row of `tiles` tiles: for tile t, the alpha x alpha x channels patch whose
/// top-left cell is input (top, left + t * m) (cells outside height x width read as zero) becomes
/// B^T d B, and its value at transform point (i, j) is written to
/// transformed[(i * alpha + j) * pointStride + t * tileStride + c]. `bt` is B^T (alpha x alpha).
/// `strip` is scratch of alpha * ((tiles - 1) * m + alpha) * channels values: it holds B^T applied
/// down the columns of the whole row of tiles, shared by neighbouring tiles.
void kk_winograd_input_row(const float *input, int height, int width, int channels,
                           int top, int left, int tiles, int m, int alpha, const float *bt,
                           float *strip, float *transformed, long tileStride, long pointStride);

/// Output transform of one row of `tiles` tiles: tile t's products at transform point (i, j), products[(i * alpha + j) * pointStride + t * tileStride + c],
/// become the m x m x channels block A^T M A (+ bias[c] when bias is not NULL; then max(0, .) when
/// `rectify` is not 0), written to output[(y * width + t * m + x) * channels + c] for y < rows
/// and t * m + x < width (the rest of a tile that overhangs the output is dropped). `at` is A^T
/// (m x alpha); `scratch` holds alpha * m * channels values.
void kk_winograd_output_row(const float *products, long tileStride, long pointStride, int tiles,
                            int m, int alpha, const float *at, int channels, const float *bias,
                            float *output, int rows, int width, int rectify, float *scratch);

#endif
