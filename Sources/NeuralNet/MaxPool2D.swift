/// Max pooling over square windows without padding: (C, H, W) -> (C, (H-K)/S+1, (W-K)/S+1).
public final class MaxPool2D: Layer {
    public let spec: LayerSpec
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let parameterSlots: [ParameterSlot] = []
    /// Window geometry (padding is always 0).
    public let geometry: ConvGeometry
    private var argmax: [Int32] = []   // (B, C, OH, OW) index of the max within its input plane

    /// Max pooling with window `kernel` and `stride` over per-item input (C, H, W).
    public init(inputShape: [Int], kernel: Int = 2, stride: Int = 2) throws(ArchitectureError) {
        guard inputShape.count == 3, kernel >= 1, stride >= 1, inputShape[1] >= kernel, inputShape[2] >= kernel else {
            throw .badShape(layer: 0, "maxpool k=\(kernel) s=\(stride) does not fit input \(inputShape)")
        }
        self.spec = .maxPool(kernel: kernel, stride: stride)
        self.inputShape = inputShape
        self.geometry = ConvGeometry(channels: inputShape[0], height: inputShape[1], width: inputShape[2],
                                     kernel: kernel, stride: stride, padding: 0)
        self.outputShape = [inputShape[0], geometry.outHeight, geometry.outWidth]
    }

    public var flopsPerItem: Int { outputShape.reduce(1, *) * geometry.kernel * geometry.kernel }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {}

    // x (B, C, H, W) -> y (B, C, OH, OW); argmax cached per output
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let g = geometry, H = g.height, W = g.width, K = g.kernel, S = g.stride
        let OH = g.outHeight, OW = g.outWidth, planes = batch * g.channels
        if argmax.count < planes * OH * OW { argmax = [Int32](repeating: 0, count: planes * OH * OW) }
        argmax.withUnsafeMutableBufferPointer { idxBuf in
            let idx = idxBuf.baseAddress!
            Parallel.forEachChunk(planes, cost: H * W) { range in
                for plane in range {
                    let xp = x + plane * H * W, yp = y + plane * OH * OW, ip = idx + plane * OH * OW
                    if K == 2 && S == 2 {
                        Self.pool2x2(xp, W: W, yp, ip, OH: OH, OW: OW)
                        continue
                    }
                    for oh in 0..<OH {
                        for ow in 0..<OW {
                            var best = (oh * S) * W + ow * S
                            var bestValue = xp[best]
                            for ki in 0..<K {
                                let row = (oh * S + ki) * W + ow * S
                                for kj in 0..<K where xp[row + kj] > bestValue {
                                    best = row + kj
                                    bestValue = xp[best]
                                }
                            }
                            yp[oh * OW + ow] = bestValue
                            ip[oh * OW + ow] = Int32(best)
                        }
                    }
                }
            }
        }
    }

    /// The common 2x2 stride-2 window, 8 outputs per step with SIMD selects; ties resolve to the first
    /// element in row-major order, like the general loop.
    @inline(__always)
    static func pool2x2(_ xp: UnsafePointer<Float>, W: Int, _ yp: UnsafeMutablePointer<Float>,
                        _ ip: UnsafeMutablePointer<Int32>, OH: Int, OW: Int) {
        let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
        let one = SIMD8<Int32>(repeating: 1), w32 = Int32(truncatingIfNeeded: W)
        for oh in 0..<OH {
            let i0 = 2 * oh * W
            let r0 = UnsafeRawPointer(xp + i0), r1 = UnsafeRawPointer(xp + i0 + W)
            let yRow = UnsafeMutableRawPointer(yp + oh * OW), iRow = UnsafeMutableRawPointer(ip + oh * OW)
            var ow = 0
            while ow + 8 <= OW {
                let top = r0.loadUnaligned(fromByteOffset: 8 * ow, as: SIMD16<Float>.self)
                let bottom = r1.loadUnaligned(fromByteOffset: 8 * ow, as: SIMD16<Float>.self)
                let a = top.evenHalf, b = top.oddHalf, c = bottom.evenHalf, d = bottom.oddHalf
                let ab = b .> a, cd = d .> c
                let vab = a.replacing(with: b, where: ab), vcd = c.replacing(with: d, where: cd)
                let kab = SIMD8<Int32>().replacing(with: one, where: ab)
                let kcd = SIMD8<Int32>(repeating: w32).replacing(with: w32 + 1, where: cd)
                let lower = vcd .> vab   // strict, so ties keep the upper row
                let base = lanes &+ Int32(truncatingIfNeeded: i0 + 2 * ow)
                yRow.storeBytes(of: vab.replacing(with: vcd, where: lower), toByteOffset: 4 * ow, as: SIMD8<Float>.self)
                iRow.storeBytes(of: base &+ kab.replacing(with: kcd, where: lower), toByteOffset: 4 * ow, as: SIMD8<Int32>.self)
                ow += 8
            }
            while ow < OW {
                let j = 2 * ow
                var v = xp[i0 + j], k = i0 + j
                if xp[i0 + j + 1] > v { v = xp[i0 + j + 1]; k = i0 + j + 1 }
                if xp[i0 + W + j] > v { v = xp[i0 + W + j]; k = i0 + W + j }
                if xp[i0 + W + j + 1] > v { v = xp[i0 + W + j + 1]; k = i0 + W + j + 1 }
                yp[oh * OW + ow] = v
                ip[oh * OW + ow] = Int32(truncatingIfNeeded: k)
                ow += 1
            }
        }
    }

    // dx = dy at each window's argmax, 0 elsewhere (overlapping windows add up)
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let g = geometry, HW = g.height * g.width, P = g.outHeight * g.outWidth, planes = batch * g.channels
        argmax.withUnsafeBufferPointer { idxBuf in
            let idx = idxBuf.baseAddress!
            Parallel.forEachChunk(planes, cost: HW) { range in
                for plane in range {
                    let dxp = dx + plane * HW, dyp = dy + plane * P, ip = idx + plane * P
                    // Zeroing one plane right before scattering into it keeps it in cache (memset is
                    // vectorised; writing each 2x2 window's four slots in Swift measured slower).
                    dxp.update(repeating: 0, count: HW)
                    for p in 0..<P { dxp[Int(ip[p])] += dyp[p] }
                }
            }
        }
    }
}
