#include "CWinograd.h"

// x86-64 Linux: one copy of each transform for AVX-512, one for AVX2 + FMA and one for the
// baseline; the loader picks the best the processor has (GNU ifunc).
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define KK_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KK_VECTOR_CLONES
#endif

enum {
    /// Values summed at once: four AVX-512 registers of partial sums.
    kBlock = 64,
    /// The largest tile side (alpha) the transforms accept, and so the most terms in a sum.
    kMaxSide = 16,
};

/// One output vector of a transform: a linear combination of input vectors.
typedef struct {
    int terms;
    long offsets[kMaxSide];
    float coefficients[kMaxSide];
} Combination;

/// destination[k] = initial[k] + sum over terms of coefficients[t] * base[offsets[t] + k] for
/// k < count (initial NULL counting as zero), summed block by block so that the partial sums stay
/// in registers.
static inline __attribute__((always_inline))
void combine(float *restrict destination, const float *base, const Combination *combination, long count,
             const float *initial) {
    long start = 0;
    for (; start + kBlock <= count; start += kBlock) {
        float sum[kBlock];
        for (int k = 0; k < kBlock; k++) sum[k] = initial ? initial[start + k] : 0;
        for (int t = 0; t < combination->terms; t++) {
            const float *source = base + combination->offsets[t] + start;
            const float coefficient = combination->coefficients[t];
            for (int k = 0; k < kBlock; k++) sum[k] += coefficient * source[k];
        }
        for (int k = 0; k < kBlock; k++) destination[start + k] = sum[k];
    }
    for (; start < count; start++) {
        float sum = initial ? initial[start] : 0;
        for (int t = 0; t < combination->terms; t++) {
            sum += combination->coefficients[t] * base[combination->offsets[t] + start];
        }
        destination[start] = sum;
    }
}

/// The combination of row `row` of `matrix` (`columns` wide), input q lying at q * stride.
static Combination rowCombination(const float *matrix, int row, int columns, long stride) {
    Combination combination = {0};
    for (int q = 0; q < columns && q < kMaxSide; q++) {
        const float coefficient = matrix[row * columns + q];
        if (coefficient != 0) {
            combination.offsets[combination.terms] = q * stride;
            combination.coefficients[combination.terms] = coefficient;
            combination.terms++;
        }
    }
    return combination;
}

static void zero(float *values, long count) {
    for (long k = 0; k < count; k++) values[k] = 0;
}

KK_VECTOR_CLONES
void kk_winograd_input_row(const float *input, int height, int width, int channels,
                           int top, int left, int tiles, int m, int alpha, const float *bt,
                           float *strip, float *transformed, long tileStride, long pointStride) {
    if (alpha > kMaxSide || tiles <= 0) return;
    const long stripWidth = (long)(tiles - 1) * m + alpha;
    const long rowLength = stripWidth * channels;
    // Strip columns [first, last) lie inside the input; the others are padding.
    const long first = left < 0 ? -(long)left : 0;
    long last = (long)width - left;
    if (last > stripWidth) last = stripWidth;
    if (last < first) last = first;

    // Down the columns: strip row i = sum over p of B^T[i][p] * input row top + p, rows outside
    // the input left out, over the input's part of the strip as one long vector.
    const float *firstCell = input + ((long)left + first) * channels;
    for (int i = 0; i < alpha; i++) {
        float *row = strip + i * rowLength;
        Combination combination = {0};
        for (int p = 0; p < alpha; p++) {
            const float coefficient = bt[i * alpha + p];
            const int y = top + p;
            if (coefficient != 0 && y >= 0 && y < height) {
                combination.offsets[combination.terms] = (long)y * width * channels;
                combination.coefficients[combination.terms] = coefficient;
                combination.terms++;
            }
        }
        zero(row, first * channels);
        combine(row + first * channels, firstCell, &combination, (last - first) * channels, 0);
        zero(row + last * channels, (stripWidth - last) * channels);
    }

    // Along the rows, tile by tile: point (i, j) = sum over q of B^T[j][q] * strip[i][t * m + q].
    Combination across[kMaxSide];
    for (int j = 0; j < alpha; j++) across[j] = rowCombination(bt, j, alpha, channels);
    for (int t = 0; t < tiles; t++) {
        float *tile = transformed + t * tileStride;
        for (int i = 0; i < alpha; i++) {
            const float *source = strip + i * rowLength + (long)t * m * channels;
            for (int j = 0; j < alpha; j++) {
                combine(tile + (long)(i * alpha + j) * pointStride, source, &across[j], channels, 0);
            }
        }
    }
}

KK_VECTOR_CLONES
void kk_winograd_output_row(const float *products, long tileStride, long pointStride, int tiles,
                            int m, int alpha, const float *at, int channels, const float *bias,
                            float *output, int rows, int width, int rectify, float *scratch) {
    if (alpha > kMaxSide || m > alpha) return;
    // Along the rows: scratch[i][x] = sum over j of A^T[x][j] * products(i, j).
    Combination across[kMaxSide];
    for (int x = 0; x < m; x++) across[x] = rowCombination(at, x, alpha, pointStride);
    // Down the columns: output row y = the bias + sum over i of A^T[y][i] * scratch[i], rectified
    // while it is in L1.
    Combination down[kMaxSide];
    for (int y = 0; y < m; y++) down[y] = rowCombination(at, y, alpha, (long)m * channels);
    for (int t = 0; t < tiles; t++) {
        int columns = width - t * m;
        if (columns > m) columns = m;
        const float *tile = products + t * tileStride;
        for (int i = 0; i < alpha; i++) {
            for (int x = 0; x < columns; x++) {
                combine(scratch + ((long)i * m + x) * channels, tile + (long)i * alpha * pointStride, &across[x], channels, 0);
            }
        }
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                float *pixel = output + ((long)y * width + (long)t * m + x) * channels;
                combine(pixel, scratch + (long)x * channels, &down[y], channels, bias);
                if (rectify) {
                    for (int c = 0; c < channels; c++) pixel[c] = pixel[c] > 0 ? pixel[c] : 0;
                }
            }
        }
    }
}
