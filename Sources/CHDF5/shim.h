#ifndef KIKUCHI_CHDF5_SHIM_H
#define KIKUCHI_CHDF5_SHIM_H
#include <hdf5.h>
#include <string.h>

// HDF5's type and property-list identifiers are macros that call H5open() and read globals,
// which Swift cannot import: these functions return them.
static inline hid_t kk_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t kk_h5s_all(void) { return H5S_ALL; }
static inline unsigned kk_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned kk_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned kk_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned kk_h5f_obj_all(void) { return H5F_OBJ_ALL; }
static inline unsigned kk_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline hid_t kk_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t kk_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t kk_h5t_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t kk_h5t_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t kk_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t kk_h5t_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t kk_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t kk_h5t_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t kk_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t kk_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t kk_h5t_c_s1(void) { return H5T_C_S1; }
static inline size_t kk_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t kk_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t kk_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t kk_h5p_link_create(void) { return H5P_LINK_CREATE; }

/// Stops HDF5 from printing its error stack to stderr; failures are reported by return values
/// and the messages are collected with kk_h5_innermost_error below.
static inline void kk_h5_silence_errors(void) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

typedef struct {
    char *buffer;
    size_t capacity;
} kk_h5_error_message_sink;

static inline herr_t kk_h5_error_walker(unsigned n, const H5E_error2_t *error, void *context) {
    kk_h5_error_message_sink *sink = (kk_h5_error_message_sink *)context;
    // Walking upward, entry 0 is the innermost error: where the problem was first detected.
    if (n == 0 && error != NULL && error->desc != NULL && sink->capacity > 0) {
        strncpy(sink->buffer, error->desc, sink->capacity - 1);
        sink->buffer[sink->capacity - 1] = '\0';
    }
    return 0;
}

/// Copies the innermost message of the current thread's HDF5 error stack into `buffer`
/// (empty when the stack is empty) and clears the stack.
static inline void kk_h5_innermost_error(char *buffer, size_t capacity) {
    if (capacity == 0) return;
    buffer[0] = '\0';
    kk_h5_error_message_sink sink = { buffer, capacity };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, kk_h5_error_walker, &sink);
    H5Eclear2(H5E_DEFAULT);
}
#endif
