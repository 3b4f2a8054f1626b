// 3x3 convolution kernels for the inference plan, channels-last (H, W, C) per image.
// Each entry point takes an instruction-set level, so tests can run every path on one machine;
// lb_best_level() is what the CPU supports. Reached from Swift only via NeuralNet/ConvKernels.swift.
#ifndef LIGHTBOX_CONV_KERNELS_H
#define LIGHTBOX_CONV_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set levels, slowest first. Every level computes the same function up to float rounding.
enum {
    LB_LEVEL_PORTABLE = 0,   // plain C, compiled for the baseline target
    LB_LEVEL_AVX2 = 1,       // AVX2 + FMA
    LB_LEVEL_AVX512 = 2,     // AVX-512F + FMA
};

/// The fastest level this CPU (and OS) supports.
int lb_best_level(void);

/// Tiles per block of lb_winograd_conv for tile size m (2 or 4): the transformed block stays in L2.
int lb_winograd_block_tiles(int m, int channels, int out_channels);

/// Floats of scratch lb_winograd_conv needs per worker: E * block * (C + OC), E = (m + 2)^2.
long lb_winograd_scratch_floats(int m, int channels, int out_channels);

/// Winograd F(m x m, 3x3) convolution, m = 2 or 4, stride 1, padding 1, then bias, optional ReLU
/// and optional 2x2 stride-2 max pool, over tiles [t0, t1) and output channels [oc0, oc1)
/// (multiples of 16) of a chunk of images.
///   x    (images, H, W, C), H and W multiples of m, C and OC multiples of 16
///   u    (E, C, OC), E = (m + 2)^2: the transformed weights G g G^T, element e = (m + 2) * i + j
///   bias (OC)
///   y    pool: (images, H/2, W/2, OC); else (images, H, W, OC)
/// Tile t = (image * H/m + ty) * W/m + tx covers output rows m*ty.. and columns m*tx.. (and, pooled,
/// the m/2 x m/2 pooled pixels from (m/2 * ty, m/2 * tx)), so disjoint tile ranges (or channel
/// ranges) write disjoint output and can run on different threads.
void lb_winograd_conv(int level, int m, const float *x, int H, int W, int C, int OC,
                      const float *u, const float *bias, int relu, int pool,
                      long t0, long t1, int oc0, int oc1, float *scratch, float *y);

/// Single-channel 3x3 convolution, stride 1, padding 1, then bias, optional ReLU and 2x2 max pool,
/// over pooled rows [r0, r1) of a chunk of images (row r = image * H/2 + oh).
///   x (images, H, W), H and W even; w (9, OC) taps in (ki, kj) order; OC a multiple of 16
///   y (images, H/2, W/2, OC)
///   scratch: 4 * (W + 2) floats per worker
void lb_direct_conv1_pool(int level, const float *x, int H, int W, int OC,
                          const float *w, const float *bias, int relu,
                          long r0, long r1, float *scratch, float *y);

#ifdef __cplusplus
}
#endif
#endif
