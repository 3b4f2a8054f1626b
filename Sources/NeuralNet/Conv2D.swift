/// 2-D convolution by im2col + sgemm; weight (OC, C, K, K), optional bias (OC).
///
/// Small feature maps are processed a group of images at a time so sgemm sees N = G*OH*OW
/// of at least `targetColumns`; workspaces are kept and regrown only when the batch grows.
public final class Conv2D: Layer {
    public let spec: LayerSpec
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let parameterSlots: [ParameterSlot]
    /// Input and window geometry.
    public let geometry: ConvGeometry
    /// Output channels.
    public let outChannels: Int
    /// Whether a bias is added.
    public let hasBias: Bool
    /// Images per sgemm call when feature maps are small.
    let groupSize: Int
    static let targetColumns = 2048

    private var columns: [Float] = []   // (C*K*K, G*P)
    private var staging: [Float] = []   // (OC, G*P): grouped output or gathered dy

    /// A convolution over per-image input (C, H, W); throws if the window does not fit.
    public init(inputShape: [Int], outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true) throws(ArchitectureError) {
        guard inputShape.count == 3 else { throw .badShape(layer: 0, "conv needs (C, H, W) input, got \(inputShape)") }
        let g = ConvGeometry(channels: inputShape[0], height: inputShape[1], width: inputShape[2],
                             kernel: kernel, stride: stride, padding: padding)
        guard kernel >= 1, stride >= 1, padding >= 0, outChannels >= 1,
              g.height + 2 * padding >= kernel, g.width + 2 * padding >= kernel
        else { throw .badShape(layer: 0, "conv k=\(kernel) s=\(stride) p=\(padding) does not fit input \(inputShape)") }
        self.spec = .conv(out: outChannels, kernel: kernel, stride: stride, padding: padding, bias: bias)
        self.inputShape = inputShape
        self.geometry = g
        self.outChannels = outChannels
        self.hasBias = bias
        self.outputShape = [outChannels, g.outHeight, g.outWidth]
        var slots = [ParameterSlot(name: "weight", shape: [outChannels, g.channels, kernel, kernel], offset: 0, decays: true)]
        if bias { slots.append(ParameterSlot(name: "bias", shape: [outChannels], offset: outChannels * g.columnRows, decays: false)) }
        self.parameterSlots = slots
        self.groupSize = max(1, Conv2D.targetColumns / g.positions)
    }

    public var flopsPerItem: Int { 2 * outChannels * geometry.columnRows * geometry.positions }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {
        heNormal(parameters, count: outChannels * geometry.columnRows, fanIn: geometry.columnRows, rng: &rng)
        if hasBias { (parameters + outChannels * geometry.columnRows).update(repeating: 0, count: outChannels) }
    }

    private func reserve(batch: Int) -> Int {
        let group = min(groupSize, batch)
        let need = geometry.columnRows * group * geometry.positions
        if columns.count < need { columns = [Float](repeating: 0, count: need) }
        // Staging is only touched for groups of 2+ images; one element keeps baseAddress non-nil.
        let stage = group > 1 ? outChannels * group * geometry.positions : 1
        if staging.count < stage { staging = [Float](repeating: 0, count: stage) }
        return group
    }

    // x (B, C, H, W) -> y (B, OC, OH, OW); per group: y_g (OC, G*P) = W (OC, CKK) · cols (CKK, G*P) + b
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels
        let inCount = g.channels * g.height * g.width, outCount = OC * P
        let group = reserve(batch: batch)
        let w = parameters, b = parameters + OC * CKK
        columns.withUnsafeMutableBufferPointer { colsBuf in
            staging.withUnsafeMutableBufferPointer { stageBuf in
                let cols = colsBuf.baseAddress!, stage = stageBuf.baseAddress!
                var n0 = 0
                while n0 < batch {
                    let G = min(group, batch - n0), ld = G * P
                    im2colGroup(x + n0 * inCount, imageStride: inCount, images: G, g, cols)
                    if G == 1 {
                        let yn = y + n0 * outCount
                        if hasBias { for oc in 0..<OC { (yn + oc * P).update(repeating: b[oc], count: P) } }
                        BLAS.sgemm(transA: false, transB: false, m: OC, n: P, k: CKK, alpha: 1, a: w, lda: CKK,
                                   b: cols, ldb: P, beta: hasBias ? 1 : 0, c: yn, ldc: P)
                    } else {
                        BLAS.sgemm(transA: false, transB: false, m: OC, n: ld, k: CKK, alpha: 1, a: w, lda: CKK,
                                   b: cols, ldb: ld, beta: 0, c: stage, ldc: ld)
                        for i in 0..<G {
                            let yn = y + (n0 + i) * outCount
                            for oc in 0..<OC {
                                let src = stage + oc * ld + i * P, dst = yn + oc * P
                                let bias: Float = hasBias ? b[oc] : 0
                                for p in 0..<P { dst[p] = src[p] + bias }
                            }
                        }
                    }
                    n0 += G
                }
            }
        }
    }

    // dW (OC, CKK) += dy_g (OC, G*P) · cols^T; dcols (CKK, G*P) = W^T · dy_g; dx += col2im(dcols); db += Σ dy
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels
        let inCount = g.channels * g.height * g.width, outCount = OC * P
        let group = reserve(batch: batch)
        let w = parameters, dw = gradients, db = gradients + OC * CKK
        if hasBias {
            for n in 0..<batch {
                for oc in 0..<OC {
                    let row = dy + n * outCount + oc * P
                    var s: Float = 0
                    for p in 0..<P { s += row[p] }
                    db[oc] += s
                }
            }
        }
        columns.withUnsafeMutableBufferPointer { colsBuf in
            staging.withUnsafeMutableBufferPointer { stageBuf in
                let cols = colsBuf.baseAddress!, stage = stageBuf.baseAddress!
                var n0 = 0
                while n0 < batch {
                    let G = min(group, batch - n0), ld = G * P
                    im2colGroup(x + n0 * inCount, imageStride: inCount, images: G, g, cols)
                    let dyg: UnsafePointer<Float>
                    if G == 1 {
                        dyg = dy + n0 * outCount
                    } else {
                        for i in 0..<G {
                            for oc in 0..<OC {
                                (stage + oc * ld + i * P).update(from: dy + (n0 + i) * outCount + oc * P, count: P)
                            }
                        }
                        dyg = UnsafePointer(stage)
                    }
                    BLAS.sgemm(transA: false, transB: true, m: OC, n: CKK, k: ld, alpha: 1, a: dyg, lda: ld,
                               b: cols, ldb: ld, beta: 1, c: dw, ldc: CKK)
                    if let dx {
                        // The columns are no longer needed, so dcols overwrites them.
                        BLAS.sgemm(transA: true, transB: false, m: CKK, n: ld, k: OC, alpha: 1, a: w, lda: CKK,
                                   b: dyg, ldb: ld, beta: 0, c: cols, ldc: ld)
                        col2imGroup(cols, images: G, g, dx + n0 * inCount, imageStride: inCount)
                    }
                    n0 += G
                }
            }
        }
    }
}
