import LinearAlgebra

/// Inference-only execution of a `Network`, numerically equivalent to its layer-by-layer
/// `forward(training: false)` up to float rounding.
///
/// What it does differently, and why:
/// - Activations are channels-last, (H, W, C) per image, where training keeps (C, H, W). The taps
///   of a window row are then adjacent pixels, one contiguous run of K*C floats, and pooling, bias
///   and ReLU are elementwise over contiguous channel vectors. A stride-1 convolution over a block of
///   output positions unrolls each input row over kj only, U (rows + K - 1, OW, K*C), and runs one
///   sgemm per window row ki: out (positions, OC) += U[from row ki] · W'[ki] (K*C, OC). That writes
///   a third of a full 3x3 unrolling, and OpenBLAS runs these shapes near its large-product speed.
///   Small maps (several images per sgemm) and strided convolutions are unrolled fully.
/// - BatchNorm is folded into the preceding convolution (W' = W * scale, b' = b * scale + shift),
///   and ReLU and 2x2 max pooling run in the convolution's epilogue, so the full-resolution conv
///   output never leaves the cache.
/// - A single-channel 3x3 stride-1 pad-1 convolution (the first layer) is computed directly, two
///   rows at a time straight into the pooled output, without the 9x unrolled copy (in C, with
///   AVX-512/AVX2 when the CPU has them, when followed by 2x2 pooling and OC is a multiple of 16).
/// - Other 3x3 stride-1 pad-1 convolutions with channels in multiples of 16 run as Winograd
///   F(4x4,3x3) (or F(2x2,3x3) when a side is not a multiple of 4) in C (`Winograd`, `ConvKernels`):
///   4x (2.25x) fewer multiplies, and each output tile holds whole pooling windows, so the pooled
///   output is written straight from the transform.
/// - The batch is cut into chunks that workers take whole, each with its own buffers, when
///   OpenBLAS runs single-threaded (`BLAS.setThreadCount(1)`); otherwise one worker runs and sgemm
///   uses OpenBLAS's threads.
/// - Batches of at most one chunk per worker (batch 1: the film on screen) instead split every C
///   kernel's tiles or rows over the workers, so a single image uses all cores.
/// The reference is the layer-by-layer path (`Network.usesFusedInference = false`), which the
/// tests compare against. The plan is built from a snapshot of the parameters and BN statistics and
/// is rebuilt when either changes (checked on every call; unchanged arrays compare in O(1) as they
/// share storage).
final class InferencePlan {
    /// A convolution with folded batch norm, optional ReLU and optional 2x2 stride-2 max pool.
    struct ConvStep {
        let geometry: ConvGeometry
        let outChannels: Int
        let weight: [Float]   // (K, K, C, OC) = (K*K*C, OC), BN scale folded in
        let bias: [Float]     // (OC), BN shift folded in
        let relu: Bool
        let pool: Bool
        let direct: Bool      // single channel, k=3, s=1, p=1
        let group: Int        // whole images per sgemm when a map has at most `blockPositions` positions
        let bandRows: Int     // output rows per sgemm for larger maps (even, so pooling windows stay whole)
        let fast: FastConv?   // a C kernel that covers this step, else the sgemm or Swift direct path
        var outHeight: Int { pool ? geometry.outHeight / 2 : geometry.outHeight }
        var outWidth: Int { pool ? geometry.outWidth / 2 : geometry.outWidth }
        var outCount: Int { outChannels * outHeight * outWidth }
    }

    /// The C kernels a convolution step can run on.
    enum FastConv {
        /// Winograd F(m x m,3x3); u ((m+2)^2, C, OC) are the transformed folded weights.
        case winograd(u: [Float], tile: Int)
        /// Single-channel direct 3x3 with the 2x2 pool (weights are the step's (9, OC) taps).
        case directPool
    }

    enum Step {
        /// (C, H, W) -> (H, W, C) for a multi-channel network input.
        case toChannelsLast(channels: Int, positions: Int)
        case conv(ConvStep)
        /// (P, C) -> (C): the mean over positions.
        case globalAveragePool(channels: Int, positions: Int)
        /// Weight columns already permuted to the channels-last order of its input.
        case dense(weight: [Float], bias: [Float], inFeatures: Int, outFeatures: Int)

        var outCount: Int {
            switch self {
            case .toChannelsLast(let channels, let positions): return channels * positions
            case .conv(let c): return c.outCount
            case .globalAveragePool(let channels, _): return channels
            case .dense(_, _, _, let out): return out
            }
        }
    }

    /// Per-worker scratch memory, grown on demand.
    final class Workspace {
        var ping: [Float] = [], pong: [Float] = []   // (chunk, max step output)
        var columns: [Float] = []                   // (block positions, K*K*C)
        var staging: [Float] = []                   // (block positions, OC) before pooling
        var padded: [Float] = []                    // (H+2, W+2) for the direct kernel; border stays 0
        var rows: [Float] = []                      // (2, W, OC): two conv rows before pooling
        var kernelScratch: [Float] = []             // the C kernels' blocks (ConvKernels.h)
        var stepSeconds: [Double] = []              // per step, when the plan is profiling
    }

    /// Images a worker takes at a time; steps run over the whole chunk one after another.
    static let chunk = 8
    /// Output positions per sgemm: larger maps are cut into bands of rows, smaller ones grouped
    /// up to this many. 256 measured best of 128...1,024 (unrolled rows, weights and
    /// output block stay in L2).
    static let blockPositions = 256

    let steps: [Step]
    let inputCount: Int
    let outputCount: Int
    private let parameterSnapshot: [Float]
    private let statisticSnapshot: [[Float]]
    private var workspaces: [Workspace] = []
    /// Instruction set of the C kernels (tests lower it to check every level).
    var kernelLevel = ConvKernelLevel.best
    /// When set, every chunk adds each step's wall time to its workspace (`stepSeconds`), read from
    /// this monotonic nanosecond clock (given by the caller: the core reads no clock itself).
    var profileClock: (() -> UInt64)? = nil

    /// Whether convolutions may run on the C kernels (false: the sgemm and Swift paths only, for comparison).
    let usesConvKernels: Bool

    /// The plan for `network`, or nil when it has a layer sequence the plan does not cover.
    init?(network: Network, convKernels: Bool = true) {
        let layers = network.layers
        var steps: [Step] = []
        var statistics: [[Float]] = []
        let p = network.parameters
        // Layout of the current activation, to permute a dense layer's columns from (C, H, W) order.
        var shape = network.inputShape
        if shape.count == 3 && shape[0] > 1 && shape[1] * shape[2] > 1 {
            steps.append(.toChannelsLast(channels: shape[0], positions: shape[1] * shape[2]))
        }
        var i = 0
        while i < layers.count {
            let base = network.parameterOffsets[i]
            if let conv = layers[i] as? Conv2D {
                let g = conv.geometry, OC = conv.outChannels, CKK = g.columnRows
                var weight = Array(p[base..<(base + OC * CKK)])                      // (OC, C, K, K)
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
                var fast: FastConv? = nil
                if convKernels, let m = Winograd.tile(g, outChannels: OC) {
                    fast = .winograd(u: Winograd.transformWeights(weight, tile: m, channels: g.channels, outChannels: OC), tile: m)
                } else if convKernels && direct && pool && OC % 16 == 0 && g.height % 2 == 0 && g.width % 2 == 0 {
                    fast = .directPool
                }
                weight = Self.channelsLastColumns(weight, outChannels: OC, g)   // direct: (9, OC)
                let group = max(1, min(Self.chunk, Self.blockPositions / max(1, g.positions)))
                let band = g.positions > Self.blockPositions ? max(2, (Self.blockPositions / g.outWidth) & ~1) : g.outHeight
                let step = ConvStep(geometry: g, outChannels: OC, weight: weight, bias: bias, relu: relu,
                                    pool: pool, direct: direct, group: group, bandRows: band, fast: fast)
                steps.append(.conv(step))
                shape = [OC, step.outHeight, step.outWidth]
            } else if let gap = layers[i] as? GlobalAveragePool {
                steps.append(.globalAveragePool(channels: gap.inputShape[0], positions: gap.inputShape[1] * gap.inputShape[2]))
                shape = [gap.inputShape[0]]
                i += 1
            } else if let dense = layers[i] as? Dense {
                let IN = dense.inFeatures, OUT = dense.outFeatures
                var weight = Array(p[base..<(base + OUT * IN)])
                if shape.count == 3 { weight = Self.channelsLastFeatures(weight, outFeatures: OUT, shape) }
                let bias = dense.hasBias ? Array(p[(base + OUT * IN)..<(base + OUT * IN + OUT)]) : [Float](repeating: 0, count: OUT)
                steps.append(.dense(weight: weight, bias: bias, inFeatures: IN, outFeatures: OUT))
                shape = [OUT]
                i += 1
            } else if layers[i] is Dropout {
                i += 1   // identity at inference
            } else {
                return nil
            }
        }
        guard steps.contains(where: { if case .toChannelsLast = $0 { return false } else { return true } }) else { return nil }
        self.steps = steps
        self.inputCount = network.inputShape.reduce(1, *)
        self.outputCount = network.outputShape.reduce(1, *)
        self.parameterSnapshot = network.parameters
        self.statisticSnapshot = statistics
        self.usesConvKernels = convKernels
    }

    /// Conv weight (OC, C, K, K) -> (K, K, C, OC): row (ki, kj, c) of the unrolled channels-last window.
    static func channelsLastColumns(_ w: [Float], outChannels OC: Int, _ g: ConvGeometry) -> [Float] {
        let C = g.channels, K = g.kernel
        var out = [Float](repeating: 0, count: w.count)
        for oc in 0..<OC { for c in 0..<C { for ki in 0..<K { for kj in 0..<K {
            out[((ki * K + kj) * C + c) * OC + oc] = w[((oc * C + c) * K + ki) * K + kj]
        } } } }
        return out
    }

    /// Dense weight (OUT, C*H*W) over (C, H, W) features -> (OUT, H*W*C) over channels-last features.
    static func channelsLastFeatures(_ w: [Float], outFeatures OUT: Int, _ shape: [Int]) -> [Float] {
        let C = shape[0], HW = shape[1] * shape[2], IN = C * HW
        var out = [Float](repeating: 0, count: w.count)
        for o in 0..<OUT { for c in 0..<C { for p in 0..<HW { out[o * IN + p * C + c] = w[o * IN + c * HW + p] } } }
        return out
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
        let threads = max(1, override ?? (BLAS.threadCount == 1 ? Parallel.workers : 1))
        let workers = min(threads, chunks)
        // Fewer chunks than threads: the chunks run one after another, each C kernel split over all threads.
        let inner = chunks < threads ? threads : 1
        while workspaces.count < max(workers, inner) { workspaces.append(Workspace()) }
        for ws in workspaces { reserve(ws) }
        if inner > 1 {
            let spaces = Array(workspaces[0..<inner])
            for c in 0..<chunks {
                let n0 = c * Self.chunk, n = min(Self.chunk, batch - n0)
                runChunk(x + n0 * inputCount, images: n, y + n0 * outputCount, spaces)
            }
            return
        }
        Parallel.forEachWorker(workers) { w in
            let spaces = [workspaces[w]]
            // Contiguous ranges of chunks per worker: the same images always meet in the same sgemm groups.
            for c in (chunks * w / workers)..<(chunks * (w + 1) / workers) {
                let n0 = c * Self.chunk, n = min(Self.chunk, batch - n0)
                runChunk(x + n0 * inputCount, images: n, y + n0 * outputCount, spaces)
            }
        }
    }

    /// Per-step wall seconds summed over the workspaces since the last `resetProfile()`.
    var profile: [Double] {
        var total = [Double](repeating: 0, count: steps.count)
        for ws in workspaces where ws.stepSeconds.count == steps.count { for s in 0..<steps.count { total[s] += ws.stepSeconds[s] } }
        return total
    }

    func resetProfile() { for ws in workspaces { ws.stepSeconds = [Double](repeating: 0, count: steps.count) } }

    /// Runs the steps over one chunk; `spaces[0]` holds the activations, and the C kernels split
    /// their work over all of `spaces` (one thread each).
    private func runChunk(_ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ spaces: [Workspace]) {
        let ws = spaces[0]
        ws.ping.withUnsafeMutableBufferPointer { pingBuf in
        ws.pong.withUnsafeMutableBufferPointer { pongBuf in
            var src = x
            for (s, step) in steps.enumerated() {
                let start = profileClock?() ?? 0
                defer {
                    if let clock = profileClock, ws.stepSeconds.count == steps.count {
                        ws.stepSeconds[s] += Double(clock() - start) / 1e9
                    }
                }
                let dst = s == steps.count - 1 ? y : (s % 2 == 0 ? pingBuf.baseAddress! : pongBuf.baseAddress!)
                switch step {
                case .toChannelsLast(let C, let P):
                    for i in 0..<n {
                        let xi = src + i * C * P, yi = dst + i * C * P
                        for c in 0..<C { for p in 0..<P { yi[p * C + c] = xi[c * P + p] } }
                    }
                case .conv(let c):
                    if let fast = c.fast {
                        fastConv(c, fast, src, images: n, dst, spaces)
                    } else if c.direct { directConv(c, src, images: n, dst, ws) } else { gemmConv(c, src, images: n, dst, ws) }
                case .globalAveragePool(let C, let P):
                    for i in 0..<n { Self.meanOverPositions(src + i * C * P, positions: P, channels: C, dst + i * C) }
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
            if let fast = c.fast {
                let scratch: Int
                switch fast {
                case .winograd(_, let m): scratch = ConvKernels.winogradScratch(tile: m, channels: g.channels, outChannels: c.outChannels)
                case .directPool: scratch = 4 * (g.width + 2)
                }
                if ws.kernelScratch.count < scratch { ws.kernelScratch = [Float](repeating: 0, count: scratch) }
            } else if c.direct {
                let padded = (g.height + 2) * (g.width + 2)
                if ws.padded.count < padded { ws.padded = [Float](repeating: 0, count: padded) }
                if ws.rows.count < 2 * g.width * c.outChannels { ws.rows = [Float](repeating: 0, count: 2 * g.width * c.outChannels) }
            } else {
                let positions = c.bandRows < g.outHeight ? c.bandRows * g.outWidth : c.group * g.positions
                let cols = g.columnRows * positions, stage = c.pool ? c.outChannels * positions : 0
                if ws.columns.count < cols { ws.columns = [Float](repeating: 0, count: cols) }
                if ws.staging.count < stage { ws.staging = [Float](repeating: 0, count: stage) }
            }
        }
    }

    // The C kernels over one chunk: tiles (Winograd) or pooled rows (direct) are split into
    // contiguous ranges, one per workspace, each on its own thread with its own scratch.
    private func fastConv(_ c: ConvStep, _ fast: FastConv, _ x: UnsafePointer<Float>, images n: Int,
                          _ y: UnsafeMutablePointer<Float>, _ spaces: [Workspace]) {
        let g = c.geometry, level = kernelLevel
        let units: Int
        switch fast {
        case .winograd(_, let m): units = n * (g.height / m) * (g.width / m)
        case .directPool: units = n * (g.height / 2)
        }
        // Threads take contiguous ranges of units, at least 24 each; too few units for that (a
        // small map at batch 1), and Winograd threads take output-channel ranges of all tiles instead.
        var threads = max(1, min(spaces.count, units / 24))
        var channelSplit = false
        if threads < spaces.count, case .winograd = fast, c.outChannels >= 32 * spaces.count {
            threads = spaces.count
            channelSplit = true
        }
        let OC = c.outChannels, step = OC / threads >= 64 ? 64 : 16   // whole 64-wide micro-kernels when they fit
        Parallel.forEachWorker(threads) { t in
            let range = channelSplit ? 0..<units : (units * t / threads)..<(units * (t + 1) / threads)
            let outRange = channelSplit ? (OC / step * t / threads * step)..<(OC / step * (t + 1) / threads * step) : 0..<OC
            spaces[t].kernelScratch.withUnsafeMutableBufferPointer { scratch in
            c.bias.withUnsafeBufferPointer { b in
                switch fast {
                case .winograd(let u, let m):
                    u.withUnsafeBufferPointer { u in
                        ConvKernels.winograd(level, tile: m, x, height: g.height, width: g.width, channels: g.channels,
                                             outChannels: c.outChannels, u: u.baseAddress!, bias: b.baseAddress!,
                                             relu: c.relu, pool: c.pool, tiles: range, outRange: outRange,
                                             scratch: scratch.baseAddress!, y)
                    }
                case .directPool:
                    c.weight.withUnsafeBufferPointer { w in
                        ConvKernels.directConv1Pool(level, x, height: g.height, width: g.width, outChannels: c.outChannels,
                                                    w: w.baseAddress!, bias: b.baseAddress!, relu: c.relu, rows: range,
                                                    scratch: scratch.baseAddress!, y)
                    }
                }
            } }
        }
    }

    // Per block of output positions (a band of one image's rows, or a group of whole images):
    // conv (positions, OC) = cols (positions, K*K*C) · W' (K*K*C, OC); then bias, ReLU and pooling.
    // Without pooling, sgemm writes straight into the channels-last output, which is laid out like the block.
    private func gemmConv(_ c: ConvStep, _ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        let g = c.geometry, CKK = g.columnRows, OC = c.outChannels, OH = g.outHeight, OW = g.outWidth
        let inCount = g.channels * g.height * g.width
        ws.columns.withUnsafeMutableBufferPointer { colsBuf in
        ws.staging.withUnsafeMutableBufferPointer { stageBuf in
        c.weight.withUnsafeBufferPointer { w in
        c.bias.withUnsafeBufferPointer { b in
            let cols = colsBuf.baseAddress!, stage = stageBuf.baseAddress
            // One block: `images` whole images from `first`, or rows `r0..<r1` of image `first`.
            func block(first: Int, images G: Int, rows: Range<Int>) {
                let positions = G * rows.count * OW
                let conv = c.pool ? stage! : y + first * c.outCount + rows.lowerBound * OW * OC
                if G == 1 && g.stride == 1 {
                    // Unroll each input row over kj only: U (rows + K - 1, OW, K*C). The rows of
                    // window row ki are U from row ki on, so conv = Σ_ki U[ki...] · W'[ki] in K sgemms
                    // with K*C inner size, writing a third of the full unrolling for a 3x3 window.
                    let K = g.kernel, KC = K * g.channels, xi = x + first * inCount
                    for r in 0..<(rows.count + K - 1) {
                        unrollRowChannelsLast(xi, g, inputRow: rows.lowerBound - g.padding + r, cols + r * OW * KC, rowStride: KC)
                    }
                    for ki in 0..<K {
                        BLAS.sgemm(transA: false, transB: false, m: positions, n: OC, k: KC, alpha: 1, a: cols + ki * OW * KC,
                                   lda: KC, b: w.baseAddress! + ki * KC * OC, ldb: OC, beta: ki == 0 ? 0 : 1, c: conv, ldc: OC)
                    }
                } else {
                    for i in 0..<G { im2colChannelsLast(x + (first + i) * inCount, g, outputRows: rows, cols + i * rows.count * OW * CKK) }
                    BLAS.sgemm(transA: false, transB: false, m: positions, n: OC, k: CKK, alpha: 1, a: cols, lda: CKK,
                               b: w.baseAddress!, ldb: OC, beta: 0, c: conv, ldc: OC)
                }
                if c.pool {
                    for i in 0..<G {
                        let out = y + (first + i) * c.outCount + (rows.lowerBound / 2) * c.outWidth * OC
                        Self.poolBlock(stage! + i * rows.count * OW * OC, rows: rows.count, width: OW, channels: OC,
                                       bias: b.baseAddress!, relu: c.relu, out, outHeight: min(rows.count / 2, c.outHeight - rows.lowerBound / 2),
                                       outWidth: c.outWidth)
                    }
                } else {
                    Self.biasReLU(conv, count: positions, channels: OC, bias: b.baseAddress!, relu: c.relu)
                }
            }
            if c.bandRows < OH {
                for i in 0..<n {
                    var r0 = 0
                    while r0 < OH { let r1 = min(OH, r0 + c.bandRows); block(first: i, images: 1, rows: r0..<r1); r0 = r1 }
                }
            } else {
                var n0 = 0
                while n0 < n { let G = min(c.group, n - n0); block(first: n0, images: G, rows: 0..<OH); n0 += G }
            }
        } } } }
    }

    // x (1, H, W) -> y (OH', OW', OC): y[., ., oc] = epilogue(Σ_{ki,kj} w[ki*3+kj, oc] * pad(x)[oh+ki, ow+kj]).
    private func directConv(_ c: ConvStep, _ x: UnsafePointer<Float>, images n: Int, _ y: UnsafeMutablePointer<Float>, _ ws: Workspace) {
        let g = c.geometry, H = g.height, W = g.width, PW = W + 2, OC = c.outChannels
        ws.padded.withUnsafeMutableBufferPointer { padBuf in
        ws.rows.withUnsafeMutableBufferPointer { rowBuf in
        c.weight.withUnsafeBufferPointer { w in
        c.bias.withUnsafeBufferPointer { b in
            let pad = padBuf.baseAddress!, rows = rowBuf.baseAddress!
            for i in 0..<n {
                let xi = x + i * H * W, yi = y + i * c.outCount
                for r in 0..<H { (pad + (r + 1) * PW + 1).update(from: xi + r * W, count: W) }
                if c.pool {
                    for oh in 0..<c.outHeight {
                        Self.directRow(pad + 2 * oh * PW, PW, w.baseAddress!, width: W, channels: OC, rows)
                        Self.directRow(pad + (2 * oh + 1) * PW, PW, w.baseAddress!, width: W, channels: OC, rows + W * OC)
                        Self.poolBlock(rows, rows: 2, width: W, channels: OC, bias: b.baseAddress!, relu: c.relu,
                                       yi + oh * c.outWidth * OC, outHeight: 1, outWidth: c.outWidth)
                    }
                } else {
                    for oh in 0..<H {
                        let out = yi + oh * W * OC
                        Self.directRow(pad + oh * PW, PW, w.baseAddress!, width: W, channels: OC, out)
                        Self.biasReLU(out, count: W, channels: OC, bias: b.baseAddress!, relu: c.relu)
                    }
                }
            }
        } } } }
    }
}
