/// The inference plan's inner loops over channels-last (H, W, C) data. Each has a naive twin in
/// the tests (or is checked through the whole plan against the layer-by-layer reference).

/// Unrolls output rows `outputRows` of one channels-last image x (H, W, C) into
/// cols (rows*OW, K*K*C): row (oh, ow) holds the window taps in (ki, kj, c) order, zeros for padding.
func im2colChannelsLast(_ x: UnsafePointer<Float>, _ g: ConvGeometry, outputRows: Range<Int>, _ cols: UnsafeMutablePointer<Float>) {
    let (K, S, P) = (g.kernel, g.stride, g.padding)
    let OW = g.outWidth, KC = K * g.channels, CKK = g.columnRows
    for oh in outputRows {
        for ki in 0..<K {
            unrollRowChannelsLast(x, g, inputRow: oh * S - P + ki,
                                  cols + (oh - outputRows.lowerBound) * OW * CKK + ki * KC, rowStride: CKK)
        }
    }
}

/// The taps of one input row for every output column: dst row ow (at ow * rowStride) gets the K*C
/// floats x[inputRow, ow*S - P + kj, c] for kj in 0..<K, zeros outside the image (a whole zero row
/// when `inputRow` is outside). The valid kj taps are adjacent pixels, so they are one contiguous copy.
@inline(__always)
func unrollRowChannelsLast(_ x: UnsafePointer<Float>, _ g: ConvGeometry, inputRow ih: Int,
                           _ dst: UnsafeMutablePointer<Float>, rowStride: Int) {
    let (C, H, W, K, S, P) = (g.channels, g.height, g.width, g.kernel, g.stride, g.padding)
    let KC = K * C
    for ow in 0..<g.outWidth {
        let out = dst + ow * rowStride
        let iw0 = ow * S - P
        let kjLo = max(0, -iw0), kjHi = min(K, W - iw0)   // taps inside the image: kjLo..<kjHi
        if ih < 0 || ih >= H || kjLo >= kjHi { out.update(repeating: 0, count: KC); continue }
        if kjLo > 0 { out.update(repeating: 0, count: kjLo * C) }
        copyFloats(x + (ih * W + iw0 + kjLo) * C, out + kjLo * C, (kjHi - kjLo) * C)
        if kjHi < K { (out + kjHi * C).update(repeating: 0, count: (K - kjHi) * C) }
    }
}

/// dst[0..<n] = src[0..<n] for the short runs of im2col, without a library call per run.
@inline(__always)
func copyFloats(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let s = UnsafeRawPointer(src), d = UnsafeMutableRawPointer(dst)
    while i + 8 <= n {
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self), toByteOffset: 4 * i, as: SIMD8<Float>.self)
        i += 8
    }
    while i < n { dst[i] = src[i]; i += 1 }
}

extension InferencePlan {
    /// conv (rows, W, C) -> out (outHeight, outWidth, C): relu(max over each 2x2 window + bias).
    /// Pooling before the bias is exact: max(a + b, c + b) = max(a, c) + b, and ReLU commutes with max.
    static func poolBlock(_ conv: UnsafePointer<Float>, rows: Int, width W: Int, channels C: Int,
                          bias: UnsafePointer<Float>, relu: Bool, _ out: UnsafeMutablePointer<Float>,
                          outHeight: Int, outWidth: Int) {
        for oh in 0..<outHeight {
            for ow in 0..<outWidth {
                let a = conv + ((2 * oh) * W + 2 * ow) * C, b = a + C, c = a + W * C, d = c + C
                maxOfFour(a, b, c, d, plus: bias, relu: relu, out + (oh * outWidth + ow) * C, C)
            }
        }
    }

    /// out[i] = relu(max(a[i], b[i], c[i], d[i]) + bias[i]) for i in 0..<n, ReLU optional.
    @inline(__always)
    static func maxOfFour(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ d: UnsafePointer<Float>,
                          plus bias: UnsafePointer<Float>, relu: Bool, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let floor = SIMD8<Float>(repeating: relu ? 0 : -.infinity)
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b), rc = UnsafeRawPointer(c), rd = UnsafeRawPointer(d)
        let rbias = UnsafeRawPointer(bias), ro = UnsafeMutableRawPointer(out)
        while i + 8 <= n {
            let o = 4 * i
            let m = larger(larger(ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                                  rb.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)),
                           larger(rc.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                                  rd.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)))
            ro.storeBytes(of: larger(m + rbias.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self), floor),
                          toByteOffset: o, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n {
            let v = max(max(a[i], b[i]), max(c[i], d[i])) + bias[i]
            out[i] = relu ? max(v, 0) : v
            i += 1
        }
    }

    /// Lane-wise maximum as a compare and blend (the generic `pointwiseMax` is not specialised here and
    /// measured as a function call per vector).
    @inline(__always)
    static func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .> a) }

    /// x (count, C) += bias (C) per row, then ReLU if asked, in place.
    static func biasReLU(_ x: UnsafeMutablePointer<Float>, count: Int, channels C: Int, bias: UnsafePointer<Float>, relu: Bool) {
        for p in 0..<count {
            let row = x + p * C
            if relu { for c in 0..<C { row[c] = max(row[c] + bias[c], 0) } } else { for c in 0..<C { row[c] += bias[c] } }
        }
    }

    /// x (P, C) -> out (C): the mean of each channel over the positions.
    static func meanOverPositions(_ x: UnsafePointer<Float>, positions P: Int, channels C: Int, _ out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: C)
        for p in 0..<P { let row = x + p * C; for c in 0..<C { out[c] += row[c] } }
        let scale = 1 / Float(P)
        for c in 0..<C { out[c] *= scale }
    }

    /// One output row of a single-channel 3x3 convolution, channels-last: out (W, OC) with
    /// out[x, oc] = Σ_{ki,kj} w[ki*3+kj, oc] * pad[ki, x + kj], from the three padded rows starting at
    /// `top` (row stride PW) and taps w (9, OC). Vectorised over output channels, so each input pixel is
    /// loaded once and the output is written contiguously.
    @inline(__always)
    static func directRow(_ top: UnsafePointer<Float>, _ PW: Int, _ w: UnsafePointer<Float>, width W: Int,
                          channels OC: Int, _ out: UnsafeMutablePointer<Float>) {
        let t0 = top, t1 = top + PW, t2 = top + 2 * PW
        let rw = UnsafeRawPointer(w), ro = UnsafeMutableRawPointer(out)
        for x in 0..<W {
            let p0 = t0[x], p1 = t0[x + 1], p2 = t0[x + 2], p3 = t1[x], p4 = t1[x + 1], p5 = t1[x + 2]
            let p6 = t2[x], p7 = t2[x + 1], p8 = t2[x + 2]
            var oc = 0
            while oc + 8 <= OC {
                func tap(_ t: Int) -> SIMD8<Float> { rw.loadUnaligned(fromByteOffset: 4 * (t * OC + oc), as: SIMD8<Float>.self) }
                var s = p0 * tap(0)
                s += p1 * tap(1); s += p2 * tap(2); s += p3 * tap(3); s += p4 * tap(4)
                s += p5 * tap(5); s += p6 * tap(6); s += p7 * tap(7); s += p8 * tap(8)
                ro.storeBytes(of: s, toByteOffset: 4 * (x * OC + oc), as: SIMD8<Float>.self)
                oc += 8
            }
            while oc < OC {
                var s = p0 * w[oc] + p1 * w[OC + oc] + p2 * w[2 * OC + oc]
                s += p3 * w[3 * OC + oc] + p4 * w[4 * OC + oc] + p5 * w[5 * OC + oc]
                s += p6 * w[6 * OC + oc] + p7 * w[7 * OC + oc] + p8 * w[8 * OC + oc]
                out[x * OC + oc] = s
                oc += 1
            }
        }
    }
}
