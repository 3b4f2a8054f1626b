/// Winograd F(m x m, 3x3) (Lavin & Gray 2016), m = 2 or 4: each m x m block of a stride-1 3x3
/// convolution's output is Y = A^T [ Σ_c (G g_c G^T) ⊙ (B^T d_c B) ] A over the (m+2)^2 input
/// patch d_c of each channel: (m+2)^2 multiplies per channel pair instead of 9 m^2 (2.25x fewer
/// for m = 2, 4x for m = 4). Summed over input channels, the elementwise products become (m+2)^2
/// matrix products (tiles, C) · (C, OC), which is where the time goes.
///   F(2x2): B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
///           A^T = [1 1 1 0; 0 1 -1 -1]
///   F(4x4): B^T, A^T in ConvKernels/KernelBody.h; G below.
/// The input and output transforms, the products and the epilogue run in C (CConvKernels);
/// the weight transform runs once per plan, here. The naive twin is `Conv2D.naiveForward`.
enum Winograd {
    /// The tile size for a convolution, or nil when it cannot take the Winograd path: 3x3, stride 1,
    /// padding 1, channels in multiples of 16, height and width in whole tiles (which then hold
    /// whole pooling windows). 4 when the sizes allow (fewer multiplies), else 2.
    static func tile(_ g: ConvGeometry, outChannels: Int) -> Int? {
        guard g.kernel == 3 && g.stride == 1 && g.padding == 1 && g.channels % 16 == 0 && outChannels % 16 == 0 else { return nil }
        if g.height % 4 == 0 && g.width % 4 == 0 { return 4 }
        return g.height % 2 == 0 && g.width % 2 == 0 ? 2 : nil
    }

    /// G ((m+2), 3) of F(m x m, 3x3).
    static func G(tile m: Int) -> [[Double]] {
        if m == 2 { return [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]] }
        return [[1.0 / 4, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
                [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]
    }

    /// w (OC, C, 3, 3) -> u (E, C, OC), E = (m+2)^2, with u[(m+2) i + j, c, oc] = (G w[oc, c] G^T)[i, j].
    static func transformWeights(_ w: [Float], tile m: Int, channels C: Int, outChannels OC: Int) -> [Float] {
        let G = Self.G(tile: m), T = m + 2
        var u = [Float](repeating: 0, count: T * T * C * OC)
        for oc in 0..<OC {
            for c in 0..<C {
                let g = (0..<9).map { Double(w[(oc * C + c) * 9 + $0]) }   // (3, 3)
                for i in 0..<T {
                    // Gg = G[i] · g (3), then Σ_b Gg[b] G[j][b].
                    let gi = (0..<3).map { b in (0..<3).reduce(0.0) { $0 + G[i][$1] * g[$1 * 3 + b] } }
                    for j in 0..<T {
                        u[((i * T + j) * C + c) * OC + oc] = Float(gi[0] * G[j][0] + gi[1] * G[j][1] + gi[2] * G[j][2])
                    }
                }
            }
        }
        return u
    }
}
