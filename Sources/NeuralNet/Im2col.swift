/// Geometry of a 2-D convolution or pooling window over one (C, H, W) image.
public struct ConvGeometry: Sendable, Equatable {
    /// Input channels, height and width in pixels.
    public var channels: Int, height: Int, width: Int
    /// Square window size, step between windows, and zero padding on every side, in pixels.
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

extension ConvGeometry {
    /// The output columns ow whose input column ow*S - P + kj lies inside the image
    /// (0 <= ow*S - P + kj < W), as lower bound and exclusive upper bound (equal when none).
    func validOutputColumns(kernelColumn kj: Int) -> (lower: Int, upper: Int) {
        let lower = max(0, (padding - kj + stride - 1) / stride)
        let upper = width - 1 + padding - kj < 0 ? 0 : min(outWidth, (width - 1 + padding - kj) / stride + 1)
        return (lower, upper)
    }
}

/// Unrolls one image x (C, H, W) into columns (C*K*K, OH*OW) with row stride `rowStride` (zeros for padding).
/// `channels` restricts the work to a channel range (its rows are disjoint, so ranges can run in parallel).
/// `outputRows` restricts it to a band of output rows, written from column 0: (C*K*K, rows*OW), so a
/// large image can be unrolled a cache-sized band at a time.
func im2col(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>, rowStride: Int,
            channels: Range<Int>? = nil, outputRows: Range<Int>? = nil) {
    let (H, W, K, S, P) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let (OH, OW) = (g.outHeight, g.outWidth)
    let band = outputRows ?? 0..<OH
    for c in channels ?? 0..<g.channels {
        let plane = x + c * H * W
        for ki in 0..<K {
            for kj in 0..<K {
                let row = cols + ((c * K + ki) * K + kj) * rowStride
                let (owLo, owHi) = g.validOutputColumns(kernelColumn: kj)
                for oh in band {
                    let ih = oh * S - P + ki
                    let out = row + (oh - band.lowerBound) * OW
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
/// Overlapping windows add up, and so do neighbouring bands of output rows, so callers zero dx first.
/// `channels` restricts the work to a channel range (disjoint output planes, so ranges can run in parallel);
/// `outputRows` takes the columns of a band of output rows, laid out as `im2col` writes them.
func col2im(_ cols: UnsafePointer<Float>, rowStride: Int, _ g: ConvGeometry, _ dx: UnsafeMutablePointer<Float>,
            channels: Range<Int>? = nil, outputRows: Range<Int>? = nil) {
    let (H, W, K, S, P) = (g.height, g.width, g.kernel, g.stride, g.padding)
    let OW = g.outWidth
    let band = outputRows ?? 0..<g.outHeight
    for c in channels ?? 0..<g.channels {
        let plane = dx + c * H * W
        for ki in 0..<K {
            for kj in 0..<K {
                let row = cols + ((c * K + ki) * K + kj) * rowStride
                let (owLo, owHi) = g.validOutputColumns(kernelColumn: kj)
                if owLo >= owHi { continue }
                for oh in band {
                    let ih = oh * S - P + ki
                    if ih < 0 || ih >= H { continue }
                    let src = row + (oh - band.lowerBound) * OW
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

/// im2col for G images into one column matrix (C*K*K, G*P), split over images or channels across threads.
func im2colGroup(_ x: UnsafePointer<Float>, imageStride: Int, images G: Int, _ g: ConvGeometry,
                 _ cols: UnsafeMutablePointer<Float>) {
    let P = g.positions, ld = G * P, perImage = g.columnRows * P
    if G > 1 {
        Parallel.forEachChunk(G, cost: perImage) { r in
            for i in r { im2col(x + i * imageStride, g, cols + i * P, rowStride: ld) }
        }
    } else {
        Parallel.forEachChunk(g.channels, cost: perImage / g.channels) { r in
            im2col(x, g, cols, rowStride: ld, channels: r)
        }
    }
}

/// col2im for G images from one column matrix (C*K*K, G*P), overwriting dx; parallel like `im2colGroup`.
/// Each image (or channel range) is zeroed just before its taps are added, while it is in cache.
func col2imGroup(_ cols: UnsafePointer<Float>, images G: Int, _ g: ConvGeometry,
                 _ dx: UnsafeMutablePointer<Float>, imageStride: Int) {
    let P = g.positions, ld = G * P, perImage = g.columnRows * P, plane = g.height * g.width
    if G > 1 {
        Parallel.forEachChunk(G, cost: perImage) { r in
            for i in r {
                (dx + i * imageStride).update(repeating: 0, count: g.channels * plane)
                col2im(cols + i * P, rowStride: ld, g, dx + i * imageStride)
            }
        }
    } else {
        Parallel.forEachChunk(g.channels, cost: perImage / g.channels) { r in
            (dx + r.lowerBound * plane).update(repeating: 0, count: r.count * plane)
            col2im(cols, rowStride: ld, g, dx, channels: r)
        }
    }
}
