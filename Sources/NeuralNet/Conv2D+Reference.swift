/// Naive direct convolution, the reference the im2col path is tested against.
extension Conv2D {
    /// y (B, OC, OH, OW) = Σ w (OC, C, K, K) · x (B, C, H, W) + b, by seven nested loops.
    public static func naiveForward(x: [Float], batch: Int, geometry g: ConvGeometry, outChannels OC: Int,
                                    weight: [Float], bias: [Float]?) -> [Float] {
        let (C, H, W, K, S, P) = (g.channels, g.height, g.width, g.kernel, g.stride, g.padding)
        let (OH, OW) = (g.outHeight, g.outWidth)
        var y = [Float](repeating: 0, count: batch * OC * OH * OW)
        for n in 0..<batch { for oc in 0..<OC { for oh in 0..<OH { for ow in 0..<OW {
            var s = Double(bias?[oc] ?? 0)
            for c in 0..<C { for ki in 0..<K { for kj in 0..<K {
                let ih = oh * S - P + ki, iw = ow * S - P + kj
                if ih < 0 || ih >= H || iw < 0 || iw >= W { continue }
                s += Double(weight[((oc * C + c) * K + ki) * K + kj]) * Double(x[((n * C + c) * H + ih) * W + iw])
            } } }
            y[((n * OC + oc) * OH + oh) * OW + ow] = Float(s)
        } } } }
        return y
    }

    /// Gradients of the direct convolution: (dx, dW, db) given dy (B, OC, OH, OW).
    public static func naiveBackward(x: [Float], dy: [Float], batch: Int, geometry g: ConvGeometry, outChannels OC: Int,
                                     weight: [Float]) -> (dx: [Float], dw: [Float], db: [Float]) {
        let (C, H, W, K, S, P) = (g.channels, g.height, g.width, g.kernel, g.stride, g.padding)
        let (OH, OW) = (g.outHeight, g.outWidth)
        var dx = [Double](repeating: 0, count: x.count)
        var dw = [Double](repeating: 0, count: weight.count)
        var db = [Double](repeating: 0, count: OC)
        for n in 0..<batch { for oc in 0..<OC { for oh in 0..<OH { for ow in 0..<OW {
            let d = Double(dy[((n * OC + oc) * OH + oh) * OW + ow])
            db[oc] += d
            for c in 0..<C { for ki in 0..<K { for kj in 0..<K {
                let ih = oh * S - P + ki, iw = ow * S - P + kj
                if ih < 0 || ih >= H || iw < 0 || iw >= W { continue }
                let xi = ((n * C + c) * H + ih) * W + iw, wi = ((oc * C + c) * K + ki) * K + kj
                dw[wi] += d * Double(x[xi])
                dx[xi] += d * Double(weight[wi])
            } } }
        } } } }
        return (dx.map(Float.init), dw.map(Float.init), db.map(Float.init))
    }
}
