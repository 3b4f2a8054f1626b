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
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda,
            float *b, const int *ldb, int *info, size_t uplo_len);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info, size_t uplo_len);
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
            float *w, float *work, const int *lwork, int *info, size_t jobz_len, size_t uplo_len);
#endif
