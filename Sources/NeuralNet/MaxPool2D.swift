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
            for plane in 0..<planes {
                let xp = x + plane * H * W, yp = y + plane * OH * OW, ip = idx + plane * OH * OW
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

    // dx[argmax] += dy
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let g = geometry, HW = g.height * g.width, P = g.outHeight * g.outWidth, planes = batch * g.channels
        argmax.withUnsafeBufferPointer { idx in
            for plane in 0..<planes {
                let dxp = dx + plane * HW, dyp = dy + plane * P
                for p in 0..<P { dxp[Int(idx[plane * P + p])] += dyp[p] }
            }
        }
    }
}
