/// Winograd F(2x2, 3x3) (Lavin & Gray 2016): each 2x2 block of a stride-1 3x3 convolution's
/// output is Y = A^T [ Σ_c (G g_c G^T) ⊙ (B^T d_c B) ] A over the 4x4 input patch d_c of each
/// channel, 16 multiplies per channel pair instead of 36. Summed over input channels, the 16
/// elementwise products become 16 matrix products (tiles, C) · (C, OC), which is where the time goes.
///   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]    G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]
///   A^T = [1 1 1 0; 0 1 -1 -1]
/// The input and output transforms, the products and the epilogue run in C (CConvKernels);
/// the weight transform runs once per plan, here. The naive twin is `Conv2D.naiveForward`.
enum Winograd {
    /// Whether a convolution can take the Winograd path: 3x3, stride 1, padding 1, even height
    /// and width (whole 2x2 tiles, which are also the pooling windows), channels in multiples of 16.
    static func applies(_ g: ConvGeometry, outChannels: Int) -> Bool {
        g.kernel == 3 && g.stride == 1 && g.padding == 1 && g.height % 2 == 0 && g.width % 2 == 0
            && g.channels % 16 == 0 && outChannels % 16 == 0
    }

    /// w (OC, C, 3, 3) -> u (16, C, OC) with u[4i+j, c, oc] = (G w[oc, c] G^T)[i, j].
    static func transformWeights(_ w: [Float], channels C: Int, outChannels OC: Int) -> [Float] {
        let G: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
        var u = [Float](repeating: 0, count: 16 * C * OC)
        for oc in 0..<OC {
            for c in 0..<C {
                let g = (0..<9).map { Double(w[(oc * C + c) * 9 + $0]) }   // (3, 3)
                for i in 0..<4 {
                    for j in 0..<4 {
                        var s = 0.0   // Σ_{a,b} G[i][a] g[a][b] G[j][b]
                        for a in 0..<3 { for b in 0..<3 { s += G[i][a] * g[a * 3 + b] * G[j][b] } }
                        u[((i * 4 + j) * C + c) * OC + oc] = Float(s)
                    }
                }
            }
        }
        return u
    }
}
