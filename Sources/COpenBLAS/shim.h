#ifndef LIGHTBOX_COPENBLAS_SHIM_H
#define LIGHTBOX_COPENBLAS_SHIM_H
#include <stddef.h>
#include <cblas.h>

/* OpenBLAS internals used to re-run kernel selection after setting OPENBLAS_CORETYPE
   (the selection normally happens once, in a load-time constructor). Exported by the
   DYNAMIC_ARCH builds Debian ships. */
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);

/* Fortran LAPACK (no LAPACKE in Debian's OpenBLAS); hidden CHARACTER lengths appended. */
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info, size_t uplo_len);
#endif
