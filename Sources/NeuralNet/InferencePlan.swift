/// Inference-only execution of a `Network`, numerically equivalent to its layer-by-layer
/// `forward(training: false)` up to float rounding.
///
/// What it does differently, and why:
/// - BatchNorm is folded into the preceding convolution (W' = W * scale, b' = b * scale + shift),
///   and ReLU and 2x2 max pooling run in the convolution's epilogue, so the full-resolution conv
///   output never leaves the cache: the unfused path streams it through memory three more times.
/// - A single-channel 3x3 stride-1 pad-1 convolution (the first layer) is computed directly, two
///   rows at a time straight into the pooled output, without the 9x unrolled copy (as im2col +
///   sgemm it has K = 9; both measured about 0.2 ms per 128x128 image).
/// - The batch is cut into chunks that workers take whole, each with its own buffers, when
///   OpenBLAS runs single-threaded (`BLAS.setThreadCount(1)`); otherwise one worker runs and sgemm
///   uses OpenBLAS's threads.
/// The reference is the layer-by-layer path (`Network.usesFusedInference = false`), which the
/// tests compare against. The plan is built from a snapshot of the parameters and BN statistics and is rebuilt when
/// either changes (checked on every call; unchanged arrays compare in O(1) as they share storage).
final class InferencePlan {
    /// A convolution with folded batch norm, optional ReLU and optional 2x2 stride-2 max pool.
    struct ConvStep {
        let geometry: ConvGeometry
        let outChannels: Int
        let weight: [Float]   // (OC, C*K*K), BN scale folded in
        let bias: [Float]     // (OC), BN shift folded in
        let relu: Bool
        let pool: Bool
        let direct: Bool      // single channel, k=3, s=1, p=1
        let group: Int        // images per sgemm
        let bandRows: Int     // output rows per sgemm when one image has more than `bandColumns` positions
        var outHeight: Int { pool ? geometry.outHeight / 2 : geometry.outHeight }
        var outWidth: Int { pool ? geometry.outWidth / 2 : geometry.outWidth }
        var outCount: Int { outChannels * outHeight * outWidth }
    }

    enum Step {
        case conv(ConvStep)
        case globalAveragePool(channels: Int, positions: Int)
        case dense(weight: [Float], bias: [Float], inFeatures: Int, outFeatures: Int)

        var outCount: Int {
            switch self {
            case .conv(let c): return c.outCount
            case .globalAveragePool(let channels, _): return channels
            case .dense(_, _, _, let out): return out
            }
        }
    }

    /// Per-worker scratch memory, grown on demand.
    final class Workspace {
        var ping: [Float] = [], pong: [Float] = []   // (chunk, max step output)
        var columns: [Float] = []                   // (C*K*K, G*P)
        var staging: [Float] = []                   // (OC, G*P)
        var padded: [Float] = []                    // (H+2, W+2) for the direct kernel; border stays 0
        var rows: [Float] = []                      // two conv rows before pooling
    }

    /// Images a worker takes at a time; steps run over the whole chunk one after another.
    static let chunk = 8
    /// Columns per sgemm that make grouping small feature maps worthwhile.
    static let targetColumns = 1024
    /// Columns per band of a large image: 512 columns of a 144-row unrolling are 0.3 MB, so
    /// columns, weights and output band stay in L2 (512 and a 1,024 group measured best of 256...4,096).
    static let bandColumns = 512

    let steps: [Step]
    let inputCount: Int
    let outputCount: Int
    private let parameterSnapshot: [Float]
    private let statisticSnapshot: [[Float]]
    private var workspaces: [Workspace] = []

    /// The plan for `network`, or nil when it has a layer sequence the plan does not cover.
    init?(network: Network) {
        let layers = network.layers
        var steps: [Step] = []
        var statistics: [[Float]] = []
        let p = network.parameters
        var i = 0
        while i < layers.count {
            let base = network.parameterOffsets[i]
            if let conv = layers[i] as? Conv2D {
                let g = conv.geometry, OC = conv.outChannels, CKK = g.columnRows
                var weight = Array(p[base..<(base + OC * CKK)])
                var bias = conv.hasBias ? Array(p[(base + OC * CKK)..<(base + OC * CKK + OC)]) : [Float](repeating: 0, count: OC)
                i += 1
                if i < layers.count, let bn = layers[i] as? BatchNorm2D, bn.inputShape.count == 3 {
                    let bnBase = network.parameterOffsets[i]
                    for c in 0..<OC {
                        let scale = p[bnBase + c] / (bn.runningVariance[c] + bn.epsilon).squareRoot()
                        let shift = p[bnBase + OC + c] - bn.runningMean[c] * scale
                        for k in 0..<CKK { weight[c * CKK + k] *= scale }
                        bias[c] = bias[c] * scale + shift
                    }
                    statistics += [bn.runningMean, bn.runningVariance]
                    i += 1
                }
                var relu = false, pool = false
                if i < layers.count, layers[i] is ReLU { relu = true; i += 1 }
                if i < layers.count, let mp = layers[i] as? MaxPool2D, mp.geometry.kernel == 2, mp.geometry.stride == 2 {
                    pool = true; i += 1
                }
                let direct = g.channels == 1 && g.kernel == 3 && g.stride == 1 && g.padding == 1
                let group = max(1, min(Self.chunk, Self.targetColumns / max(1, g.positions)))
                // Bands hold an even number of rows so that pooling windows never straddle two bands.
                let band = g.positions > Self.bandColumns ? max(2, (Self.bandColumns / g.outWidth) & ~1) : g.outHeight
                steps.append(.conv(ConvStep(geometry: g, outChannels: OC, weight: weight, bias: bias, relu: relu,
                                            pool: pool, direct: direct, group: group, bandRows: band)))
            } else if let gap = layers[i] as? GlobalAveragePool {
                steps.append(.globalAveragePool(channels: gap.inputShape[0], positions: gap.inputShape[1] * gap.inputShape[2]))
                i += 1
            } else if let dense = layers[i] as? Dense {
                let IN = dense.inFeatures, OUT = dense.outFeatures
                let bias = dense.hasBias ? Array(p[(base + OUT * IN)..<(base + OUT * IN + OUT)]) : [Float](repeating: 0, count: OUT)
                steps.append(.dense(weight: Array(p[base..<(base + OUT * IN)]), bias: bias, inFeatures: IN, outFeatures: OUT))
                i += 1
            } else if layers[i] is Dropout {
                i += 1   // identity at inference
            } else {
                return nil
            }
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
        self.inputCount = network.inputShape.reduce(1, *)
        self.outputCount = network.outputShape.reduce(1, *)
        self.parameterSnapshot = network.parameters
        self.statisticSnapshot = statistics
    }

    /// Whether the plan still matches the network's parameters and BN statistics.
    func matches(_ network: Network) -> Bool {
        guard network.parameters == parameterSnapshot else { return false }
        var current: [[Float]] = []
        for layer in network.layers { if let bn = layer as? BatchNorm2D { current += [bn.runningMean, bn.runningVariance] } }
        return current.count == statisticSnapshot.count && zip(current, statisticSnapshot).allSatisfy { $0 == $1 }
    }

    // x (B, inputShape) -> y (B, outputShape)
    func run(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>, workers override: Int? = nil) {
        let chunks = (batch + Self.chunk - 1) / Self.chunk
        let workers = max(1, min(override ?? (BLAS.threadCount == 1 ? Parallel.workers : 1), chunks))
        while workspaces.count < workers { workspaces.append(Workspace()) }
        Parallel.forEachWorker(workers) { w in
            let ws = workspaces[w]
            // Contiguous ranges of chunks per worker: the same images always meet in the same sgemm groups.
            for c in (chunks * w / workers)..<(chunks * (w + 1) / workers) {
                let n0 = c * Self.chunk, n = min(Self.chunk, batch - n0)
                runChunk(x + n0 * inputCount, images: n, y + n0 * outputCount, ws)
            }
        }
    }

    private func runChunk(_ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        reserve(ws)
        ws.ping.withUnsafeMutableBufferPointer { pingBuf in
        ws.pong.withUnsafeMutableBufferPointer { pongBuf in
            var src = x
            for (s, step) in steps.enumerated() {
                let dst = s == steps.count - 1 ? y : (s % 2 == 0 ? pingBuf.baseAddress! : pongBuf.baseAddress!)
                switch step {
                case .conv(let c):
                    if c.direct { directConv(c, src, images: n, dst, ws) } else { gemmConv(c, src, images: n, dst, ws) }
                case .globalAveragePool(let channels, let positions):
                    let scale = 1 / Float(positions)
                    for plane in 0..<(n * channels) { dst[plane] = vectorSum(src + plane * positions, positions) * scale }
                case .dense(let weight, let bias, let IN, let OUT):
                    weight.withUnsafeBufferPointer { w in
                        for i in 0..<n { for o in 0..<OUT { dst[i * OUT + o] = bias[o] + vectorDot(w.baseAddress! + o * IN, src + i * IN, IN) } }
                    }
                }
                src = UnsafePointer(dst)
            }
        } }
    }

    private func reserve(_ ws: Workspace) {
        let act = Self.chunk * (steps.map(\.outCount).max() ?? 1)
        if ws.ping.count < act { ws.ping = [Float](repeating: 0, count: act); ws.pong = ws.ping }
        for case .conv(let c) in steps {
            let g = c.geometry
            if c.direct {
                let padded = (g.height + 2) * (g.width + 2)
                if ws.padded.count < padded { ws.padded = [Float](repeating: 0, count: padded) }
                if ws.rows.count < 2 * g.width { ws.rows = [Float](repeating: 0, count: 2 * g.width) }
            } else {
                let columns = c.bandRows < g.outHeight ? c.bandRows * g.outWidth : c.group * g.positions
                let cols = g.columnRows * columns, stage = c.outChannels * columns
                if ws.columns.count < cols { ws.columns = [Float](repeating: 0, count: cols) }
                if ws.staging.count < stage { ws.staging = [Float](repeating: 0, count: stage) }
            }
        }
    }

    // Per group: stage (OC, G*P) = W' (OC, CKK) · cols (CKK, G*P); then per image the epilogue.
    // A single large image is done in bands of output rows so that its columns stay in cache.
    private func gemmConv(_ c: ConvStep, _ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        let g = c.geometry, P = g.positions, CKK = g.columnRows, OC = c.outChannels, OH = g.outHeight, OW = g.outWidth
        let inCount = g.channels * g.height * g.width, plane = c.outHeight * c.outWidth
        let band = c.bandRows
        ws.columns.withUnsafeMutableBufferPointer { colsBuf in
        ws.staging.withUnsafeMutableBufferPointer { stageBuf in
        c.weight.withUnsafeBufferPointer { w in
            let cols = colsBuf.baseAddress!, stage = stageBuf.baseAddress!
            if band < OH {
                for i in 0..<n {
                    var r0 = 0
                    while r0 < OH {
                        let rows = min(band, OH - r0), ld = rows * OW
                        im2col(x + i * inCount, g, cols, rowStride: ld, outputRows: r0..<(r0 + rows))
                        BLAS.sgemm(transA: false, transB: false, m: OC, n: ld, k: CKK, alpha: 1, a: w.baseAddress!, lda: CKK,
                                   b: cols, ldb: ld, beta: 0, c: stage, ldc: ld)
                        for oc in 0..<OC {
                            epilogue(c, stage + oc * ld, rows: r0..<(r0 + rows), bias: c.bias[oc], y + i * c.outCount + oc * plane)
                        }
                        r0 += rows
                    }
                }
                return
            }
            var n0 = 0
            while n0 < n {
                let G = min(c.group, n - n0), ld = G * P
                for i in 0..<G { im2col(x + (n0 + i) * inCount, g, cols + i * P, rowStride: ld) }
                BLAS.sgemm(transA: false, transB: false, m: OC, n: ld, k: CKK, alpha: 1, a: w.baseAddress!, lda: CKK,
                           b: cols, ldb: ld, beta: 0, c: stage, ldc: ld)
                for i in 0..<G {
                    for oc in 0..<OC {
                        epilogue(c, stage + oc * ld + i * P, rows: 0..<OH, bias: c.bias[oc], y + (n0 + i) * c.outCount + oc * plane)
                    }
                }
                n0 += G
            }
        } } }
    }

    /// Output rows `rows` of one plane from conv values `v` (rows.count, OW) before bias:
    /// relu(pool(v) + b), pool and relu optional; with pooling `rows` starts on an even row.
    /// Pooling before the bias is exact: max(a + b, c + b) = max(a, c) + b, and ReLU commutes with max.
    @inline(__always)
    private func epilogue(_ c: ConvStep, _ v: UnsafePointer<Float>, rows: Range<Int>, bias b: Float, _ out: UnsafeMutablePointer<Float>) {
        let W = c.geometry.outWidth
        if c.pool {
            let OW = c.outWidth
            for oh in (rows.lowerBound / 2)..<min(c.outHeight, rows.upperBound / 2) {
                let r0 = v + (2 * oh - rows.lowerBound) * W
                Self.poolRow(r0, r0 + W, bias: b, relu: c.relu, out + oh * OW, OW)
            }
        } else {
            let o = out + rows.lowerBound * W, count = rows.count * W
            if c.relu { for i in 0..<count { o[i] = max(v[i] + b, 0) } } else { for i in 0..<count { o[i] = v[i] + b } }
        }
    }

    // x (1, H, W) -> y (OC, OH', OW'): y[oc] = epilogue(Σ_{ki,kj} w[oc,ki,kj] * pad(x)[oh+ki, ow+kj]).
    private func directConv(_ c: ConvStep, _ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        let g = c.geometry, H = g.height, W = g.width, PW = W + 2, OC = c.outChannels
        let planeOut = c.outHeight * c.outWidth
        ws.padded.withUnsafeMutableBufferPointer { padBuf in
        ws.rows.withUnsafeMutableBufferPointer { rowBuf in
        c.weight.withUnsafeBufferPointer { w in
            let pad = padBuf.baseAddress!, rows = rowBuf.baseAddress!
            for i in 0..<n {
                let xi = x + i * H * W, yi = y + i * c.outCount
                for r in 0..<H { (pad + (r + 1) * PW + 1).update(from: xi + r * W, count: W) }
                if c.pool {
                    for oh in 0..<c.outHeight {
                        for oc in 0..<OC {
                            let k = w.baseAddress! + oc * 9
                            Self.convRow(pad + 2 * oh * PW, PW, k, W, rows)
                            Self.convRow(pad + (2 * oh + 1) * PW, PW, k, W, rows + W)
                            Self.poolRow(rows, rows + W, bias: c.bias[oc], relu: c.relu, yi + oc * planeOut + oh * c.outWidth, c.outWidth)
                        }
                    }
                } else {
                    for oh in 0..<H {
                        for oc in 0..<OC {
                            let out = yi + oc * planeOut + oh * W
                            Self.convRow(pad + oh * PW, PW, w.baseAddress! + oc * 9, W, out)
                            let b = c.bias[oc]
                            for j in 0..<W { out[j] = c.relu ? max(out[j] + b, 0) : out[j] + b }
                        }
                    }
                }
            }
        } } }
    }

    /// out[0..<W] = 3x3 correlation of the three padded rows starting at `top` (row stride PW) with k (9).
    @inline(__always)
    static func convRow(_ top: UnsafePointer<Float>, _ PW: Int, _ k: UnsafePointer<Float>, _ W: Int, _ out: UnsafeMutablePointer<Float>) {
        let r0 = UnsafeRawPointer(top), r1 = UnsafeRawPointer(top + PW), r2 = UnsafeRawPointer(top + 2 * PW)
        let k0 = SIMD8<Float>(repeating: k[0]), k1 = SIMD8<Float>(repeating: k[1]), k2 = SIMD8<Float>(repeating: k[2])
        let k3 = SIMD8<Float>(repeating: k[3]), k4 = SIMD8<Float>(repeating: k[4]), k5 = SIMD8<Float>(repeating: k[5])
        let k6 = SIMD8<Float>(repeating: k[6]), k7 = SIMD8<Float>(repeating: k[7]), k8 = SIMD8<Float>(repeating: k[8])
        var x = 0
        while x + 8 <= W {
            let o = 4 * x
            var s = k0 * r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s += k1 * r0.loadUnaligned(fromByteOffset: o + 4, as: SIMD8<Float>.self)
            s += k2 * r0.loadUnaligned(fromByteOffset: o + 8, as: SIMD8<Float>.self)
            s += k3 * r1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s += k4 * r1.loadUnaligned(fromByteOffset: o + 4, as: SIMD8<Float>.self)
            s += k5 * r1.loadUnaligned(fromByteOffset: o + 8, as: SIMD8<Float>.self)
            s += k6 * r2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            s += k7 * r2.loadUnaligned(fromByteOffset: o + 4, as: SIMD8<Float>.self)
            s += k8 * r2.loadUnaligned(fromByteOffset: o + 8, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out + x).storeBytes(of: s, as: SIMD8<Float>.self)
            x += 8
        }
        let t0 = top, t1 = top + PW, t2 = top + 2 * PW
        while x < W {
            var s = k[0] * t0[x] + k[1] * t0[x + 1] + k[2] * t0[x + 2]
            s += k[3] * t1[x] + k[4] * t1[x + 1] + k[5] * t1[x + 2]
            s += k[6] * t2[x] + k[7] * t2[x + 1] + k[8] * t2[x + 2]
            out[x] = s
            x += 1
        }
    }

    /// out[ow] = relu(max(r0[2ow], r0[2ow+1], r1[2ow], r1[2ow+1]) + b) for ow in 0..<OW.
    ///
    /// Deliberately scalar: a SIMD16 `evenHalf`/`oddHalf` version measured 6x slower here, since
    /// without AVX flags the shuffles lower to scalar lane moves.
    @inline(__always)
    static func poolRow(_ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, bias b: Float, relu: Bool,
                        _ out: UnsafeMutablePointer<Float>, _ OW: Int) {
        if relu {
            for ow in 0..<OW { out[ow] = max(max(max(r0[2 * ow], r0[2 * ow + 1]), max(r1[2 * ow], r1[2 * ow + 1])) + b, 0) }
        } else {
            for ow in 0..<OW { out[ow] = max(max(r0[2 * ow], r0[2 * ow + 1]), max(r1[2 * ow], r1[2 * ow + 1])) + b }
        }
    }
}
