#ifndef KIKUCHI_CBLAS_SHIM_H
#define KIKUCHI_CBLAS_SHIM_H
// Debian's libopenblas-dev installs cblas.h (with openblas_set_num_threads) under the multiarch include dir.
#include <cblas.h>
#include <stddef.h>

// LAPACK's dsyevr (selected eigenpairs of a real symmetric matrix, by relatively robust
// representations). libopenblas carries LAPACK, but Debian's headers declare none of it.
// Fortran calling convention: every argument by address, column-major matrices, 32-bit integers
// (the non-ILP64 OpenBLAS that pkg-config names), and the lengths of the three character
// arguments appended by value as gfortran passes them.
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *lda,
             const double *vl, const double *vu, const int *il, const int *iu, const double *abstol,
             int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_length, size_t range_length, size_t uplo_length);
#endif
