// Runtime dispatch over the kernels of KernelBody.h, compiled for AVX-512, AVX2 and the baseline.
#include "ConvKernels.h"

typedef float v16 __attribute__((vector_size(64)));
typedef float v16u __attribute__((vector_size(64), aligned(4)));   // for unaligned access

#define SUFFIX _avx512
#define TARGET __attribute__((target("avx512f,fma")))
#define MR_NV4 6
#define MR_NV2 12
#define MR_NV1 12
#include "KernelBody.h"
#undef SUFFIX
#undef TARGET
#undef MR_NV4
#undef MR_NV2
#undef MR_NV1

#define SUFFIX _avx2
#define TARGET __attribute__((target("avx2,fma")))
#define MR_NV4 0
#define MR_NV2 2
#define MR_NV1 4
#include "KernelBody.h"
#undef SUFFIX
#undef TARGET
#undef MR_NV4
#undef MR_NV2
#undef MR_NV1

#define SUFFIX _portable
#define TARGET
#define MR_NV4 0
#define MR_NV2 1
#define MR_NV1 2
#include "KernelBody.h"

int lb_best_level(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return LB_LEVEL_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return LB_LEVEL_AVX2;
    return LB_LEVEL_PORTABLE;
}

int lb_winograd_block_tiles(int m, int channels, int out_channels) {
    // V (TB, E, C) and M (TB, E, OC) together about 1 MB, within L2.
    const int E = m == 4 ? 36 : 16;
    int tb = (256 * 1024) / (E * (channels + out_channels)) / 12 * 12;
    return tb < 12 ? 12 : (tb > 384 ? 384 : tb);
}

long lb_winograd_scratch_floats(int m, int channels, int out_channels) {
    return (m == 4 ? 36L : 16L) * lb_winograd_block_tiles(m, channels, out_channels) * (channels + out_channels);
}

void lb_winograd_conv(int level, int m, const float *x, int H, int W, int C, int OC, const float *u, const float *bias,
                      int relu, int pool, long t0, long t1, int oc0, int oc1, float *scratch, float *y) {
    switch (level) {
    case LB_LEVEL_AVX512: winograd_avx512(m, x, H, W, C, OC, u, bias, relu, pool, t0, t1, oc0, oc1, scratch, y); break;
    case LB_LEVEL_AVX2: winograd_avx2(m, x, H, W, C, OC, u, bias, relu, pool, t0, t1, oc0, oc1, scratch, y); break;
    default: winograd_portable(m, x, H, W, C, OC, u, bias, relu, pool, t0, t1, oc0, oc1, scratch, y); break;
    }
}

void lb_direct_conv1_pool(int level, const float *x, int H, int W, int OC, const float *w, const float *bias,
                          int relu, long r0, long r1, float *scratch, float *y) {
    switch (level) {
    case LB_LEVEL_AVX512: direct1_avx512(x, H, W, OC, w, bias, relu, r0, r1, scratch, y); break;
    case LB_LEVEL_AVX2: direct1_avx2(x, H, W, OC, w, bias, relu, r0, r1, scratch, y); break;
    default: direct1_portable(x, H, W, OC, w, bias, relu, r0, r1, scratch, y); break;
    }
}
