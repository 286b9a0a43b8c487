#ifndef KIKUCHI_CPNG_SHIM_H
#define KIKUCHI_CPNG_SHIM_H
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// libpng reports errors by longjmp to a setjmp in the caller. Swift cannot call setjmp, so each
// whole decode or encode, with its setjmp, lives in one C function here that returns a status
// code and copies libpng's message into a caller's buffer: a corrupt file is an error, never a crash.

/// Status codes of kk_png_decode_gray and kk_png_encode_samples.
enum {
    KK_PNG_OK = 0,
    /// libpng or the data failed; the message buffer says why.
    KK_PNG_FAILED = 1,
    /// The header was read into the header argument, but the pixel buffer is absent or its size is
    /// not width x height x bytes per sample: nothing was decoded.
    KK_PNG_BUFFER_MISMATCH = 2,
};

/// What a gray decode of a PNG gives.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// Bits per decoded gray sample: 8 (files of 1, 2, 4 or 8 bits, palettes) or 16.
    int bit_depth;
    /// The file's own colour type (PNG_COLOR_TYPE_*) and bit depth.
    int file_color_type;
    int file_bit_depth;
} kk_png_header;

/// A growing output buffer for encoding, owned by the caller and released with kk_png_buffer_free.
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} kk_png_buffer;

/// State shared with libpng's callbacks through its error and io pointers.
typedef struct {
    jmp_buf jump;
    char *message;
    size_t message_size;
    const unsigned char *input;
    size_t input_size;
    size_t input_position;
    kk_png_buffer *output;
} kk_png_state;

static inline void kk_png_copy_message(kk_png_state *state, const char *text) {
    if (state->message == NULL || state->message_size == 0) return;
    strncpy(state->message, text, state->message_size - 1);
    state->message[state->message_size - 1] = 0;
}

static inline void kk_png_on_error(png_structp png, png_const_charp text) {
    kk_png_state *state = (kk_png_state *)png_get_error_ptr(png);
    kk_png_copy_message(state, text);
    longjmp(state->jump, 1);
}

/// Warnings (an unknown ancillary chunk, a bad gamma value) do not affect the gray samples.
static inline void kk_png_on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static inline void kk_png_read_memory(png_structp png, png_bytep out, size_t count) {
    kk_png_state *state = (kk_png_state *)png_get_io_ptr(png);
    if (count > state->input_size - state->input_position) {
        png_error(png, "the file is truncated (unexpected end of data)");
    }
    memcpy(out, state->input + state->input_position, count);
    state->input_position += count;
}

static inline void kk_png_write_memory(png_structp png, png_bytep data, size_t count) {
    kk_png_state *state = (kk_png_state *)png_get_io_ptr(png);
    kk_png_buffer *buffer = state->output;
    if (buffer->size + count > buffer->capacity) {
        size_t capacity = buffer->capacity == 0 ? 65536 : buffer->capacity;
        while (capacity < buffer->size + count) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (grown == NULL) png_error(png, "out of memory while encoding");
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, data, count);
    buffer->size += count;
}

static inline void kk_png_flush_memory(png_structp png) { (void)png; }

static inline int kk_png_host_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

static inline void kk_png_buffer_free(kk_png_buffer *buffer) {
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
}

/// Decodes the PNG in `data` to gray samples in native byte order.
///
/// Conversions (as OpenCV's IMREAD_GRAYSCALE | IMREAD_ANYDEPTH does through libpng): palettes are
/// expanded to RGB, gray of 1, 2 or 4 bits widened to 8, alpha and transparency dropped, colour
/// made gray with weights 0.299 R + 0.587 G + 0.114 B; 16-bit files stay 16-bit.
/// With `pixels` NULL, or `capacity` other than width x height x bytes, only `header` is filled and
/// KK_PNG_BUFFER_MISMATCH returned.
static inline int kk_png_decode_gray(const unsigned char *data, size_t size, void *pixels, size_t capacity,
                                     kk_png_header *header, char *message, size_t message_size) {
    kk_png_state state;
    memset(&state, 0, sizeof(state));
    state.message = message;
    state.message_size = message_size;
    state.input = data;
    state.input_size = size;
    memset(header, 0, sizeof(*header));

    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        kk_png_copy_message(&state, "not a PNG file (bad signature)");
        return KK_PNG_FAILED;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, kk_png_on_error, kk_png_on_warning);
    if (png == NULL) {
        kk_png_copy_message(&state, "libpng could not start");
        return KK_PNG_FAILED;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        kk_png_copy_message(&state, "libpng could not start");
        return KK_PNG_FAILED;
    }
    if (setjmp(state.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        return KK_PNG_FAILED;
    }
    png_set_read_fn(png, &state, kk_png_read_memory);
    png_read_info(png, info);

    int color_type = png_get_color_type(png, info);
    int bit_depth = png_get_bit_depth(png, info);
    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->file_color_type = color_type;
    header->file_bit_depth = bit_depth;
    header->bit_depth = bit_depth == 16 ? 16 : 8;

    size_t bytes_per_sample = header->bit_depth / 8;
    size_t row_bytes = (size_t)header->width * bytes_per_sample;
    if (pixels == NULL || capacity != row_bytes * header->height) {
        png_destroy_read_struct(&png, &info, NULL);
        return KK_PNG_BUFFER_MISMATCH;
    }

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    // Also drops the alpha that palette expansion makes of a tRNS chunk.
    png_set_strip_alpha(png);
    if ((color_type & PNG_COLOR_MASK_COLOR) != 0) {
        png_set_rgb_to_gray_fixed(png, PNG_ERROR_ACTION_NONE, 29900, 58700);
    }
    if (bit_depth == 16 && kk_png_host_is_little_endian()) png_set_swap(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 1 || png_get_rowbytes(png, info) != row_bytes) {
        png_error(png, "could not convert the image to gray samples");
    }
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < header->height; y++) {
            png_read_row(png, (png_bytep)pixels + (size_t)y * row_bytes, NULL);
        }
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return KK_PNG_OK;
}

/// Encodes width x height pixels of `channels` samples each (1: gray; 3: red, green, blue
/// interleaved) of `bit_depth` 8 or 16 (native byte order) as a PNG into `output`, with zlib level
/// `level` (0 to 9) and strategy `strategy` (Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE)
/// and the single row filter `filter` (a PNG_FILTER_* flag; one filter means no per-row search of
/// the five).
static inline int kk_png_encode_samples(const void *pixels, uint32_t width, uint32_t height, int bit_depth,
                                        int channels, int level, int strategy, int filter,
                                        kk_png_buffer *output, char *message, size_t message_size) {
    kk_png_state state;
    memset(&state, 0, sizeof(state));
    state.message = message;
    state.message_size = message_size;
    state.output = output;
    if ((bit_depth != 8 && bit_depth != 16) || (channels != 1 && channels != 3)) {
        kk_png_copy_message(&state, "PNG samples must be 8 or 16 bits, gray or RGB");
        return KK_PNG_FAILED;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, kk_png_on_error, kk_png_on_warning);
    if (png == NULL) {
        kk_png_copy_message(&state, "libpng could not start");
        return KK_PNG_FAILED;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        kk_png_copy_message(&state, "libpng could not start");
        return KK_PNG_FAILED;
    }
    if (setjmp(state.jump)) {
        png_destroy_write_struct(&png, &info);
        return KK_PNG_FAILED;
    }
    png_set_write_fn(png, &state, kk_png_write_memory, kk_png_flush_memory);
    png_set_compression_level(png, level);
    png_set_compression_strategy(png, strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filter);
    png_set_IHDR(png, info, width, height, bit_depth, channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(png, info);
    if (bit_depth == 16 && kk_png_host_is_little_endian()) png_set_swap(png);
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)pixels + (size_t)y * row_bytes);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return KK_PNG_OK;
}

/// PNG_FILTER_* flags as values Swift can import (the macros are bit expressions).
static inline int kk_png_filter_none(void) { return PNG_FILTER_NONE; }
static inline int kk_png_filter_sub(void) { return PNG_FILTER_SUB; }
static inline int kk_png_filter_up(void) { return PNG_FILTER_UP; }
static inline int kk_png_filter_paeth(void) { return PNG_FILTER_PAETH; }
static inline int kk_png_filter_all(void) { return PNG_ALL_FILTERS; }
#endif
