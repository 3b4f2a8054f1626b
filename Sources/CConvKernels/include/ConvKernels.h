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

/// Tiles per block of lb_winograd_conv (a multiple of 12): the transformed block stays in L2.
int lb_winograd_block_tiles(int channels, int out_channels);

/// Floats of scratch lb_winograd_conv needs per worker: 16 * block * (C + OC).
long lb_winograd_scratch_floats(int channels, int out_channels);

/// Winograd F(2x2, 3x3) convolution, stride 1, padding 1, then bias, optional ReLU and optional
/// 2x2 stride-2 max pool, over tiles [t0, t1) and output channels [oc0, oc1) (multiples of 16)
/// of a chunk of images.
///   x    (images, H, W, C), H and W even, C and OC multiples of 16
///   u    (16, C, OC): the transformed weights G g G^T, element e = 4*i + j of the 4x4 tile
///   bias (OC)
///   y    pool: (images, H/2, W/2, OC), tile t is output pixel t; else (images, H, W, OC)
/// Tile t = (image * H/2 + ty) * W/2 + tx covers output rows 2ty..2ty+1 and columns 2tx..2tx+1,
/// so disjoint tile ranges (or channel ranges) write disjoint output and can run on different threads.
void lb_winograd_conv(int level, const float *x, int H, int W, int C, int OC,
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
