#ifndef KIKUCHI_CJPEG_SHIM_H
#define KIKUCHI_CJPEG_SHIM_H
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// libjpeg's default error_exit calls exit(). Here it is replaced by a longjmp back to a setjmp that
// lives, with the whole decode or encode, in one C function (Swift cannot call setjmp): a corrupt
// or truncated file returns a status code and libjpeg's message, never a crash or an exit.

/// Status codes of kk_jpeg_decode_gray and kk_jpeg_encode_gray.
enum {
    KK_JPEG_OK = 0,
    /// libjpeg or the data failed; the message buffer says why.
    KK_JPEG_FAILED = 1,
    /// The header was read, but the pixel buffer is absent or not width x height bytes: nothing decoded.
    KK_JPEG_BUFFER_MISMATCH = 2,
};

/// What a gray decode of a JPEG gives.
typedef struct {
    unsigned int width;
    unsigned int height;
    /// Colour components in the file (1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK).
    int components;
} kk_jpeg_header;

/// A growing output buffer for encoding, owned by the caller and released with kk_jpeg_buffer_free.
/// (libjpeg's own jpeg_mem_dest frees a grown buffer before it reports the new one, which an error
/// in between would leave dangling; this one is always valid.)
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} kk_jpeg_buffer;

/// libjpeg's error manager extended with the jump back and the caller's message buffer.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    size_t message_size;
} kk_jpeg_error;

static inline void kk_jpeg_copy_message(char *message, size_t message_size, const char *text) {
    if (message == NULL || message_size == 0) return;
    strncpy(message, text, message_size - 1);
    message[message_size - 1] = 0;
}

static inline void kk_jpeg_on_error(j_common_ptr info) {
    kk_jpeg_error *error = (kk_jpeg_error *)info->err;
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    kk_jpeg_copy_message(error->message, error->message_size, text);
    longjmp(error->jump, 1);
}

/// libjpeg reports corrupt data it can step over (a truncated file, a bad Huffman code) as a
/// warning (level -1) and fills the rest with gray; such a file is refused here, so nothing is
/// silently lost. Trace messages (level >= 0) are ignored.
static inline void kk_jpeg_on_message(j_common_ptr info, int level) {
    if (level < 0) kk_jpeg_on_error(info);
}

static inline void kk_jpeg_buffer_free(kk_jpeg_buffer *buffer) {
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
}

/// A destination manager that writes into a kk_jpeg_buffer, doubling it when full.
typedef struct {
    struct jpeg_destination_mgr base;
    kk_jpeg_buffer *output;
} kk_jpeg_destination;

static inline void kk_jpeg_fail(j_common_ptr info, const char *text) {
    kk_jpeg_error *error = (kk_jpeg_error *)info->err;
    kk_jpeg_copy_message(error->message, error->message_size, text);
    longjmp(error->jump, 1);
}

static inline void kk_jpeg_grow(j_compress_ptr info, size_t used) {
    kk_jpeg_destination *destination = (kk_jpeg_destination *)info->dest;
    kk_jpeg_buffer *output = destination->output;
    size_t capacity = output->capacity < 65536 ? 65536 : output->capacity * 2;
    unsigned char *grown = (unsigned char *)realloc(output->data, capacity);
    if (grown == NULL) kk_jpeg_fail((j_common_ptr)info, "out of memory while encoding");
    output->data = grown;
    output->capacity = capacity;
    destination->base.next_output_byte = grown + used;
    destination->base.free_in_buffer = capacity - used;
}

static inline void kk_jpeg_destination_start(j_compress_ptr info) {
    kk_jpeg_destination *destination = (kk_jpeg_destination *)info->dest;
    kk_jpeg_buffer *output = destination->output;
    output->size = 0;
    if (output->capacity == 0) {
        kk_jpeg_grow(info, 0);
    } else {
        destination->base.next_output_byte = output->data;
        destination->base.free_in_buffer = output->capacity;
    }
}

static inline boolean kk_jpeg_destination_full(j_compress_ptr info) {
    kk_jpeg_destination *destination = (kk_jpeg_destination *)info->dest;
    kk_jpeg_grow(info, destination->output->capacity);
    return TRUE;
}

static inline void kk_jpeg_destination_end(j_compress_ptr info) {
    kk_jpeg_destination *destination = (kk_jpeg_destination *)info->dest;
    destination->output->size = destination->output->capacity - destination->base.free_in_buffer;
}

/// Decodes the JPEG in `data` to 8-bit gray. Colour (YCbCr or RGB) files are converted by libjpeg
/// (for YCbCr the luma channel, as OpenCV's IMREAD_GRAYSCALE does); CMYK and YCCK are refused.
/// With `pixels` NULL, or `capacity` other than width x height, only `header` is filled and
/// KK_JPEG_BUFFER_MISMATCH returned.
static inline int kk_jpeg_decode_gray(const unsigned char *data, size_t size, unsigned char *pixels, size_t capacity,
                                      kk_jpeg_header *header, char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    kk_jpeg_error error;
    memset(header, 0, sizeof(*header));
    if (size == 0) {
        kk_jpeg_copy_message(message, message_size, "the file is empty");
        return KK_JPEG_FAILED;
    }
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = kk_jpeg_on_error;
    error.base.emit_message = kk_jpeg_on_message;
    error.message = message;
    error.message_size = message_size;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        return KK_JPEG_FAILED;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
        kk_jpeg_copy_message(message, message_size, "the file holds tables but no image");
        jpeg_destroy_decompress(&info);
        return KK_JPEG_FAILED;
    }
    header->width = info.image_width;
    header->height = info.image_height;
    header->components = info.num_components;
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
        kk_jpeg_copy_message(message, message_size, "CMYK JPEG images are not supported (expected gray or colour)");
        jpeg_destroy_decompress(&info);
        return KK_JPEG_FAILED;
    }
    if (pixels == NULL || capacity != (size_t)info.image_width * (size_t)info.image_height) {
        jpeg_destroy_decompress(&info);
        return KK_JPEG_BUFFER_MISMATCH;
    }
    info.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&info);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + (size_t)info.output_scanline * info.output_width;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return KK_JPEG_OK;
}

/// Encodes width x height 8-bit gray samples as a baseline JPEG of `quality` 1 to 100 (libjpeg's
/// standard tables scaled, as OpenCV's imwrite does) into `output`.
static inline int kk_jpeg_encode_gray(const unsigned char *pixels, unsigned int width, unsigned int height,
                                      int quality, kk_jpeg_buffer *output, char *message, size_t message_size) {
    struct jpeg_compress_struct info;
    kk_jpeg_error error;
    kk_jpeg_destination destination;
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = kk_jpeg_on_error;
    error.base.emit_message = kk_jpeg_on_message;
    error.message = message;
    error.message_size = message_size;
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        return KK_JPEG_FAILED;
    }
    jpeg_create_compress(&info);
    destination.base.init_destination = kk_jpeg_destination_start;
    destination.base.empty_output_buffer = kk_jpeg_destination_full;
    destination.base.term_destination = kk_jpeg_destination_end;
    destination.output = output;
    info.dest = &destination.base;
    info.image_width = width;
    info.image_height = height;
    info.input_components = 1;
    info.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * width);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return KK_JPEG_OK;
}
#endif
