// The kernels of ConvKernels.c, written once and compiled once per instruction-set level:
// ConvKernels.c defines SUFFIX (name suffix), TARGET (function attribute), the micro-kernel
// heights MR_NV4 / MR_NV2 / MR_NV1 (MR_NV4 0: no 64-wide kernel) and includes this file. Vectors are
// 16 floats (`v16`), lowered to one zmm, two ymm or four xmm registers by the target.
// Layouts are channels-last: a pixel's channels are one contiguous run of C floats.

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(name) CAT(name, SUFFIX)

// Unaligned load and store, broadcast and lane-wise maximum (macros: vectors never cross a call).
#ifndef LD
#define LD(p) (*(const v16u *)(p))
#define ST(p, v) (*(v16u *)(p) = (v))
#define SPLAT(s) ({ const float s_ = (s); (v16){s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_, s_}; })
#define VMAX(a, b) __builtin_elementwise_max((a), (b))
#endif

// Pointers p[(m+2) i + j] to the input pixels of tile t's (m+2) x (m+2) patch at rows m*ty-1+i,
// columns m*tx-1+j (null outside the image); false for a padding tile (t >= t1).
TARGET static inline int FN(patch)(const float *x, int H, int W, int C, int m, long t, long t1, const float **p) {
    if (t >= t1) return 0;
    const int TW = W / m, T = m + 2;
    const long per = (long)(H / m) * TW, n = t / per;
    const int r = (int)(t % per), ty = r / TW, tx = r % TW;
    const float *img = x + n * H * W * C;
    for (int i = 0; i < T; i++) {
        for (int j = 0; j < T; j++) {
            const int iy = m * ty - 1 + i, ix = m * tx - 1 + j;
            p[T * i + j] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? img + ((long)iy * W + ix) * C : 0;
        }
    }
    return 1;
}

// The 16 transformed values (B^T d B)[e] of one tile's 4x4 patch d (pixel pointers p, null
// outside the image), channels c..c+15, into vb[e * C + c].
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
TARGET static inline void FN(transform_in2)(const float *const *p, int c, int C, float *vb) {
    const long plane = C;
    const v16 zero = {0};
    v16 d[16], t[16];
    for (int k = 0; k < 16; k++) d[k] = p[k] ? LD(p[k] + c) : zero;
    for (int j = 0; j < 4; j++) {   // rows: B^T d
        t[j] = d[j] - d[8 + j];
        t[4 + j] = d[4 + j] + d[8 + j];
        t[8 + j] = d[8 + j] - d[4 + j];
        t[12 + j] = d[4 + j] - d[12 + j];
    }
    for (int i = 0; i < 4; i++) {   // columns: (B^T d) B
        const v16 *q = t + 4 * i;
        ST(vb + (4 * i + 0) * plane + c, q[0] - q[2]);
        ST(vb + (4 * i + 1) * plane + c, q[1] + q[2]);
        ST(vb + (4 * i + 2) * plane + c, q[2] - q[1]);
        ST(vb + (4 * i + 3) * plane + c, q[1] - q[3]);
    }
}

// The 36 transformed values of one tile's 6x6 patch, as transform_in2.
//   B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
TARGET static inline void FN(transform_in4)(const float *const *p, int c, int C, float *vb) {
    const long plane = C;
    const v16 zero = {0};
    v16 t[36];
    for (int j = 0; j < 6; j++) {   // rows: B^T d, one column j of d at a time
        v16 d[6];
        for (int i = 0; i < 6; i++) d[i] = p[6 * i + j] ? LD(p[6 * i + j] + c) : zero;
        t[j] = 4 * d[0] - 5 * d[2] + d[4];
        t[6 + j] = d[3] + d[4] - 4 * (d[1] + d[2]);
        t[12 + j] = 4 * (d[1] - d[2]) + d[4] - d[3];
        t[18 + j] = 2 * (d[3] - d[1]) + d[4] - d[2];
        t[24 + j] = 2 * (d[1] - d[3]) + d[4] - d[2];
        t[30 + j] = 4 * d[1] - 5 * d[3] + d[5];
    }
    for (int i = 0; i < 6; i++) {   // columns: (B^T d) B
        const v16 *q = t + 6 * i;
        float *o = vb + (6 * i) * plane + c;
        ST(o, 4 * q[0] - 5 * q[2] + q[4]);
        ST(o + plane, q[3] + q[4] - 4 * (q[1] + q[2]));
        ST(o + 2 * plane, 4 * (q[1] - q[2]) + q[4] - q[3]);
        ST(o + 3 * plane, 2 * (q[3] - q[1]) + q[4] - q[2]);
        ST(o + 4 * plane, 2 * (q[1] - q[3]) + q[4] - q[2]);
        ST(o + 5 * plane, 4 * q[1] - 5 * q[3] + q[5]);
    }
}

// V (TB, E, C), E = (m+2)^2, for tiles [tb0, tb0 + TB) (rows past t1 are zero):
// V[b][e] = (B^T d B)[e] with d the (m+2)x(m+2) input patch at rows m*ty-1.., columns m*tx-1..
TARGET static void FN(input_tiles)(int m, const float *x, int H, int W, int C, long tb0, long t1, int TB, float *V) {
    const int E = (m + 2) * (m + 2);
    for (int b = 0; b < TB; b++) {
        const float *p[36];
        float *vb = V + (long)b * E * C;
        if (!FN(patch)(x, H, W, C, m, tb0 + b, t1, p)) {
            __builtin_memset(vb, 0, sizeof(float) * E * C);
            continue;
        }
        for (int c = 0; c < C; c += 16) {
            if (m == 4) FN(transform_in4)(p, c, C, vb);
            else FN(transform_in2)(p, c, C, vb);
        }
    }
}

// c (MR, 16*NV) = a (MR, K) (row stride lda) * b (K, 16*NV) (row stride ldb); c has row stride ldc.
// The MR x NV accumulators stay in registers; each step loads NV vectors of b and broadcasts MR of a.
#define MICRO_KERNEL(NAME, MR, NV)                                                                   \
    TARGET static void FN(NAME)(const float *a, long lda, int K, const float *b, int ldb, float *c, long ldc) { \
        v16 acc[MR][NV];                                                                             \
        for (int i = 0; i < MR; i++)                                                                 \
            for (int v = 0; v < NV; v++) acc[i][v] = (v16){0};                                        \
        for (int k = 0; k < K; k++) {                                                                \
            v16 bv[NV];                                                                              \
            for (int v = 0; v < NV; v++) bv[v] = LD(b + (long)k * ldb + 16 * v);                 \
            for (int i = 0; i < MR; i++) {                                                           \
                const v16 ai = SPLAT(a[i * lda + k]);                                                \
                for (int v = 0; v < NV; v++) acc[i][v] += ai * bv[v];                                \
            }                                                                                        \
        }                                                                                            \
        for (int i = 0; i < MR; i++)                                                                 \
            for (int v = 0; v < NV; v++) ST(c + i * ldc + 16 * v, acc[i][v]);                    \
    }

#if MR_NV4
MICRO_KERNEL(micro4, MR_NV4, 4)
#endif
MICRO_KERNEL(micro2, MR_NV2, 2)
MICRO_KERNEL(micro1, MR_NV1, 1)

// M[., e] (TB, oc0..<oc1) = V[., e] (TB, C) . U[e] (C, oc0..<oc1) for the E tile elements e (16
// for F(2x2,3x3), 36 for F(4x4,3x3)), with V (TB, E, C) and M (TB, E, OC) tile-major, so the
// transforms read and write each tile contiguously; TB is a multiple of the micro-kernel heights used.
TARGET static void FN(tile_products)(int E, const float *V, const float *U, float *M, int TB, int C, int OC, int oc0, int oc1) {
    const long lda = (long)E * C, ldc = (long)E * OC;
    for (int e = 0; e < E; e++) {
        const float *a = V + (long)e * C, *b = U + (long)e * C * OC;
        float *m = M + (long)e * OC;
        int oc = oc0;
#if MR_NV4
        for (; oc + 64 <= oc1; oc += 64)
            for (int r = 0; r < TB; r += MR_NV4) FN(micro4)(a + r * lda, lda, C, b + oc, OC, m + r * ldc + oc, ldc);
#endif
        for (; oc + 32 <= oc1; oc += 32)
            for (int r = 0; r < TB; r += MR_NV2) FN(micro2)(a + r * lda, lda, C, b + oc, OC, m + r * ldc + oc, ldc);
        for (; oc < oc1; oc += 16)
            for (int r = 0; r < TB; r += MR_NV1) FN(micro1)(a + r * lda, lda, C, b + oc, OC, m + r * ldc + oc, ldc);
    }
}

// Y = A^T m A per tile (A^T = [1 1 1 0; 0 1 -1 -1]), then bias, ReLU and the 2x2 pool (the tile
// is exactly one pooling window) or the four pixels written out.
TARGET static void FN(output_tiles)(const float *M, int TB, int OC, int oc0, int oc1, long tb0, long t1, int H, int W,
                                    const float *bias, int relu, int pool, float *y) {
    const int TW = W / 2, TH = H / 2;
    const long per = (long)TH * TW, plane = OC;
    const v16 zero = {0};
    for (int b = 0; b < TB && tb0 + b < t1; b++) {
        const long t = tb0 + b;
        const float *m = M + (long)b * 16 * OC;
        float *o00 = y + t * OC, *o01 = 0, *o10 = 0, *o11 = 0;
        if (!pool) {
            const long n = t / per;
            const int r = (int)(t % per), ty = r / TW, tx = r % TW;
            o00 = y + ((n * H + 2 * ty) * W + 2 * tx) * OC;
            o01 = o00 + OC; o10 = o00 + (long)W * OC; o11 = o10 + OC;
        }
        for (int oc = oc0; oc < oc1; oc += 16) {
            v16 q[16];
            for (int e = 0; e < 16; e++) q[e] = LD(m + e * plane + oc);
            v16 s0[4], s1[4];
            for (int j = 0; j < 4; j++) {   // rows: A^T m
                s0[j] = q[j] + q[4 + j] + q[8 + j];
                s1[j] = q[4 + j] - q[8 + j] - q[12 + j];
            }
            const v16 bv = LD(bias + oc);
            v16 y00 = s0[0] + s0[1] + s0[2] + bv, y01 = s0[1] - s0[2] - s0[3] + bv;
            v16 y10 = s1[0] + s1[1] + s1[2] + bv, y11 = s1[1] - s1[2] - s1[3] + bv;
            if (pool) {
                v16 v = VMAX(VMAX(y00, y01), VMAX(y10, y11));
                if (relu) v = VMAX(v, zero);
                ST(o00 + oc, v);
            } else {
                if (relu) { y00 = VMAX(y00, zero); y01 = VMAX(y01, zero); y10 = VMAX(y10, zero); y11 = VMAX(y11, zero); }
                ST(o00 + oc, y00); ST(o01 + oc, y01); ST(o10 + oc, y10); ST(o11 + oc, y11);
            }
        }
    }
}

// Y = A^T m A per tile (A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]), 4x4
// outputs; then bias, ReLU and the 2x2 pool (four pooled pixels per tile) or the 16 pixels.
TARGET static void FN(output_tiles4)(const float *M, int TB, int OC, int oc0, int oc1, long tb0, long t1, int H, int W,
                                     const float *bias, int relu, int pool, float *y) {
    const int TW = W / 4, TH = H / 4;
    const long per = (long)TH * TW, plane = OC;
    const v16 zero = {0};
    for (int b = 0; b < TB && tb0 + b < t1; b++) {
        const long t = tb0 + b, n = t / per;
        const int r = (int)(t % per), ty = r / TW, tx = r % TW;
        const float *m = M + (long)b * 36 * OC;
        for (int oc = oc0; oc < oc1; oc += 16) {
            v16 s[24], q[6];
            for (int j = 0; j < 6; j++) {   // rows: A^T m, one column j at a time
                for (int i = 0; i < 6; i++) q[i] = LD(m + (6 * i + j) * plane + oc);
                s[j] = q[0] + q[1] + q[2] + q[3] + q[4];
                s[6 + j] = q[1] - q[2] + 2 * (q[3] - q[4]);
                s[12 + j] = q[1] + q[2] + 4 * (q[3] + q[4]);
                s[18 + j] = q[1] - q[2] + 8 * (q[3] - q[4]) + q[5];
            }
            const v16 bv = LD(bias + oc);
            v16 yv[16];
            for (int i = 0; i < 4; i++) {   // columns: (A^T m) A
                const v16 *u = s + 6 * i;
                yv[4 * i] = u[0] + u[1] + u[2] + u[3] + u[4] + bv;
                yv[4 * i + 1] = u[1] - u[2] + 2 * (u[3] - u[4]) + bv;
                yv[4 * i + 2] = u[1] + u[2] + 4 * (u[3] + u[4]) + bv;
                yv[4 * i + 3] = u[1] - u[2] + 8 * (u[3] - u[4]) + u[5] + bv;
            }
            if (pool) {
                const int PW = W / 2;
                for (int a = 0; a < 2; a++) {
                    for (int c2 = 0; c2 < 2; c2++) {
                        v16 v = VMAX(VMAX(yv[8 * a + 2 * c2], yv[8 * a + 2 * c2 + 1]), VMAX(yv[8 * a + 4 + 2 * c2], yv[8 * a + 5 + 2 * c2]));
                        if (relu) v = VMAX(v, zero);
                        ST(y + ((n * (H / 2) + 2 * ty + a) * PW + 2 * tx + c2) * OC + oc, v);
                    }
                }
            } else {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        v16 v = yv[4 * i + j];
                        if (relu) v = VMAX(v, zero);
                        ST(y + ((n * H + 4 * ty + i) * W + 4 * tx + j) * OC + oc, v);
                    }
                }
            }
        }
    }
}

// The Winograd driver over blocks of tiles: transform in, 16 or 36 products, transform out.
TARGET static void FN(winograd)(int m, const float *x, int H, int W, int C, int OC, const float *u, const float *bias,
                                int relu, int pool, long t0, long t1, int oc0, int oc1, float *scratch, float *y) {
    const int E = m == 4 ? 36 : 16;
    // Micro-kernel rows: every level's heights divide 12; only AVX-512's 64-wide kernel, which
    // alone covers a channel range in whole 64s, has height 6.
    const int block = lb_winograd_block_tiles(m, C, OC), unit = oc0 % 64 == 0 && oc1 % 64 == 0 ? 6 : 12;
    for (long tb0 = t0; tb0 < t1; tb0 += block) {
        // A short last block is padded to whole micro-kernel rows only, not to a full block.
        const long left = t1 - tb0;
        const int TB = left >= block ? block : (int)((left + unit - 1) / unit * unit);
        float *V = scratch, *M = scratch + (long)E * TB * C;
        FN(input_tiles)(m, x, H, W, C, tb0, t1, TB, V);
        FN(tile_products)(E, V, u, M, TB, C, OC, oc0, oc1);
        if (m == 4) FN(output_tiles4)(M, TB, OC, oc0, oc1, tb0, t1, H, W, bias, relu, pool, y);
        else FN(output_tiles)(M, TB, OC, oc0, oc1, tb0, t1, H, W, bias, relu, pool, y);
    }
}

// Pooled rows [r0, r1): the four input rows of each pooled row are copied, zero-padded, into
// scratch (4, W + 2); each pooled pixel is the max of four 9-tap sums, 16 channels at a time.
TARGET static void FN(direct1)(const float *x, int H, int W, int OC, const float *w, const float *bias,
                               int relu, long r0, long r1, float *scratch, float *y) {
    const int OH = H / 2, OW = W / 2, PW = W + 2;
    const v16 zero = {0};
    for (long r = r0; r < r1; r++) {
        const long n = r / OH;
        const int oh = (int)(r % OH);
        const float *img = x + n * H * W;
        for (int i = 0; i < 4; i++) {
            float *row = scratch + i * PW;
            const int iy = 2 * oh - 1 + i;
            row[0] = 0; row[PW - 1] = 0;
            if (iy >= 0 && iy < H) __builtin_memcpy(row + 1, img + (long)iy * W, sizeof(float) * W);
            else __builtin_memset(row + 1, 0, sizeof(float) * W);
        }
        float *out = y + r * OW * OC;
        for (int oc = 0; oc < OC; oc += 16) {
            v16 wv[9];
            for (int k = 0; k < 9; k++) wv[k] = LD(w + k * OC + oc);
            const v16 bv = LD(bias + oc);
            for (int ow = 0; ow < OW; ow++) {
                float p[4][4];
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++) p[i][j] = scratch[i * PW + 2 * ow + j];
                v16 s00 = zero, s01 = zero, s10 = zero, s11 = zero;
                for (int ki = 0; ki < 3; ki++) {
                    for (int kj = 0; kj < 3; kj++) {
                        const v16 wk = wv[3 * ki + kj];
                        s00 += wk * p[ki][kj];
                        s01 += wk * p[ki][kj + 1];
                        s10 += wk * p[ki + 1][kj];
                        s11 += wk * p[ki + 1][kj + 1];
                    }
                }
                v16 v = VMAX(VMAX(s00, s01), VMAX(s10, s11)) + bv;
                if (relu) v = VMAX(v, zero);
                ST(out + (long)ow * OC + oc, v);
            }
        }
    }
}

#undef FN
