/// Geometry of a 2-D convolution or pooling window over one (C, H, W) image.
public struct ConvGeometry: Sendable, Equatable {
    public var channels: Int, height: Int, width: Int
    public var kernel: Int, stride: Int, padding: Int
    /// Output height: (H + 2P - K) / S + 1.
    public var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    /// Output width: (W + 2P - K) / S + 1.
    public var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of the column matrix: C * K * K.
    public var columnRows: Int { channels * kernel * kernel }
    /// Output positions per image: OH * OW.
    public var positions: Int { outHeight * outWidth }
}

/// Unrolls one image x (C, H, W) into columns (C*K*K, OH*OW) with row stride `rowStride` (zeros for padding).
func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>, rowStride: Int) {
    let (H, W, K, S, P) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let (OH, OW) = (g.outHeight, g.outWidth)
    for c in 0..<g.channels {
        let plane = x + c * H * W
        for ki in 0..<K {
            for kj in 0..<K {
                let row = cols + ((c * K + ki) * K + kj) * rowStride
                // Valid output columns ow satisfy 0 <= ow*S - P + kj < W.
                let owLo = max(0, (P - kj + S - 1) / S)
                let owHi = W - 1 + P - kj < 0 ? 0 : min(OW, (W - 1 + P - kj) / S + 1)  // exclusive
                for oh in 0..<OH {
                    let ih = oh * S - P + ki
                    let out = row + oh * OW
                    if ih < 0 || ih >= H || owLo >= owHi {
                        out.update(repeating: 0, count: OW)
                        continue
                    }
                    if owLo > 0 { out.update(repeating: 0, count: owLo) }
                    if owHi < OW { (out + owHi).update(repeating: 0, count: OW - owHi) }
                    let src = plane + ih * W - P + kj
                    if S == 1 {
                        (out + owLo).update(from: src + owLo, count: owHi - owLo)
                    } else {
                        for ow in owLo..<owHi { out[ow] = src[ow * S] }
                    }
                }
            }
        }
    }
}

/// Folds columns (C*K*K, OH*OW) back into one image, accumulating: dx (C, H, W) += col2im(dCols).
func col2im(_ cols: UnsafePointer<Float>, rowStride: Int, _ g: ConvGeometry, _ dx: UnsafeMutablePointer<Float>) {
    let (H, W, K, S, P) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let (OH, OW) = (g.outHeight, g.outWidth)
    for c in 0..<g.channels {
        let plane = dx + c * H * W
        for ki in 0..<K {
            for kj in 0..<K {
                let row = cols + ((c * K + ki) * K + kj) * rowStride
                let owLo = max(0, (P - kj + S - 1) / S)
                let owHi = W - 1 + P - kj < 0 ? 0 : min(OW, (W - 1 + P - kj) / S + 1)
                if owLo >= owHi { continue }
                for oh in 0..<OH {
                    let ih = oh * S - P + ki
                    if ih < 0 || ih >= H { continue }
                    let src = row + oh * OW
                    let dst = plane + ih * W - P + kj
                    if S == 1 {
                        for ow in owLo..<owHi { dst[ow] += src[ow] }
                    } else {
                        for ow in owLo..<owHi { dst[ow * S] += src[ow] }
                    }
                }
            }
        }
    }
}
