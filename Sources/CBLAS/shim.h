#ifndef KIKUCHI_CBLAS_SHIM_H
#define KIKUCHI_CBLAS_SHIM_H
// Debian's libopenblas-dev installs cblas.h (with openblas_set_num_threads) under the multiarch include dir.
#include <cblas.h>
#endif
