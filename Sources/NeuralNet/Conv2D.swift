import LinearAlgebra
/// 2-D convolution by im2col + sgemm; weight (OC, C, K, K), optional bias (OC).
///
/// Small feature maps are processed a group of images at a time so sgemm sees N = G*OH*OW of up to
/// `targetColumns` (fewer when the columns would outgrow `columnBudget`); with batch-parallel workers,
/// large ones a band of output rows at a time (`bandColumns`), so the unrolled columns stay in cache
/// and sgemm writes straight into y. When OpenBLAS runs single-threaded (`BLAS.setThreadCount(1)`) and
/// `Parallel.workers > 1`, groups are spread over workers, each with its own workspace (im2col, sgemm
/// and col2im all in parallel); otherwise sgemm uses OpenBLAS's threads and only im2col/col2im are split.
/// Workspaces are kept and regrown only when the batch grows.
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
    /// Output rows per band of one large image (all rows when the image is small).
    let bandRows: Int
    static let targetColumns = 2048
    /// Most column-matrix floats per group (2 MB): deep layers (C*K*K of 288...1152) unrolled 2,048 columns wide
    /// made 2.4-4.7 MB that went to memory and back; capping them measured faster despite narrower sgemms.
    static let columnBudget = 1 << 19
    /// Columns per band: 512 columns of a 144-row unrolling are 0.3 MB, which stays in L2 with weights and output.
    static let bandColumns = 512

    /// Per-worker scratch memory.
    final class Workspace {
        var columns: [Float] = []   // (C*K*K, G*P)
        var staging: [Float] = [1]  // (OC, G*P): grouped output or gathered dy; never empty
        var dWeight: [Float] = []   // (OC, C*K*K) partial weight gradient of workers after the first
    }
    private var workspaces: [Workspace] = []
    /// Test hook: overrides the choice of batch-parallel workers (nil = decide from `BLAS.threadCount`).
    package var batchWorkersOverride: Int? = nil

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
        self.groupSize = max(1, min(Conv2D.targetColumns / g.positions, Conv2D.columnBudget / (g.columnRows * g.positions)))
        self.bandRows = g.positions > Conv2D.bandColumns ? max(1, Conv2D.bandColumns / g.outWidth) : g.outHeight
    }

    public var flopsPerItem: Int { 2 * outChannels * geometry.columnRows * geometry.positions }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {
        heNormal(parameters, count: outChannels * geometry.columnRows, fanIn: geometry.columnRows, rng: &rng)
        if hasBias { (parameters + outChannels * geometry.columnRows).update(repeating: 0, count: outChannels) }
    }

    /// Splits the batch into sgemm groups and picks how many workers take groups; sizes the workspaces.
    private func plan(batch: Int, backward: Bool) -> (group: Int, groups: Int, workers: Int) {
        let wanted = max(1, batchWorkersOverride ?? (BLAS.threadCount == 1 ? Parallel.workers : 1))
        // At least one group per worker, even when that leaves sgemm fewer than `targetColumns` columns:
        // an idle worker costs half the machine, a narrower sgemm only a little efficiency.
        let group = max(1, min(groupSize, batch, (batch + wanted - 1) / wanted))
        let groups = (batch + group - 1) / group
        let workers = min(wanted, groups)
        while workspaces.count < workers { workspaces.append(Workspace()) }
        let cols = geometry.columnRows * (banded(group: group, workers: workers) ? bandRows * geometry.outWidth : group * geometry.positions)
        let stage = group > 1 ? outChannels * group * geometry.positions : 1
        for (w, ws) in workspaces.prefix(workers).enumerated() {
            if ws.columns.count < cols { ws.columns = [Float](repeating: 0, count: cols) }
            if ws.staging.count < stage { ws.staging = [Float](repeating: 0, count: stage) }
            if backward && w > 0 && ws.dWeight.count < outChannels * geometry.columnRows {
                ws.dWeight = [Float](repeating: 0, count: outChannels * geometry.columnRows)
            }
        }
        return (group, groups, workers)
    }

    /// Whether images go through sgemm a band of rows at a time: one image per group, more rows than a band,
    /// and batch-parallel workers (a single worker splits im2col over threads instead, and sgemm may be threaded).
    private func banded(group: Int, workers: Int) -> Bool { group == 1 && bandRows < geometry.outHeight && workers > 1 }

    // x (B, C, H, W) -> y (B, OC, OH, OW); per group: y_g (OC, G*P) = W (OC, CKK) · cols (CKK, G*P) + b
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let (group, groups, workers) = plan(batch: batch, backward: false)
        Parallel.forEachWorker(workers) { w in
            let ws = workspaces[w]
            ws.columns.withUnsafeMutableBufferPointer { colsBuf in
                ws.staging.withUnsafeMutableBufferPointer { stageBuf in
                    for gi in (groups * w / workers)..<(groups * (w + 1) / workers) {
                        let n0 = gi * group
                        if banded(group: group, workers: workers) {
                            forwardBands(x, y, image: n0, parameters, colsBuf.baseAddress!)
                        } else {
                            forwardGroup(x, y, n0: n0, images: min(group, batch - n0), parameters,
                                         colsBuf.baseAddress!, stageBuf.baseAddress!, splitIm2col: workers == 1)
                        }
                    }
                }
            }
        }
    }

    // One image, a band of output rows at a time: y[:, band] (OC, R*OW) = W · cols_band (CKK, R*OW) + b, ldc = P.
    @inline(__always)
    private func forwardBands(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, image n: Int,
                              _ parameters: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels, OW = g.outWidth
        let xn = x + n * g.channels * g.height * g.width, yn = y + n * OC * P
        let w = parameters, b = parameters + OC * CKK
        for r0 in stride(from: 0, to: g.outHeight, by: bandRows) {
            let rows = min(bandRows, g.outHeight - r0), ld = rows * OW, yb = yn + r0 * OW
            im2col(xn, g, cols, rowStride: ld, outputRows: r0..<(r0 + rows))
            if hasBias { for oc in 0..<OC { (yb + oc * P).update(repeating: b[oc], count: ld) } }
            BLAS.sgemm(transA: false, transB: false, m: OC, n: ld, k: CKK, alpha: 1, a: w, lda: CKK,
                       b: cols, ldb: ld, beta: hasBias ? 1 : 0, c: yb, ldc: P)
        }
    }

    @inline(__always)
    private func forwardGroup(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n0: Int, images G: Int,
                              _ parameters: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>,
                              _ stage: UnsafeMutablePointer<Float>, splitIm2col: Bool) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels, ld = G * P
        let inCount = g.channels * g.height * g.width, outCount = OC * P
        let w = parameters, b = parameters + OC * CKK
        if splitIm2col {
            im2colGroup(x + n0 * inCount, imageStride: inCount, images: G, g, cols)
        } else {
            for i in 0..<G { im2col(x + (n0 + i) * inCount, g, cols + i * P, rowStride: ld) }
        }
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
    }

    // dW (OC, CKK) += dy_g (OC, G*P) · cols^T; dcols (CKK, G*P) = W^T · dy_g; dx = col2im(dcols); db += Σ dy
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let OC = outChannels, P = geometry.positions, CKK = geometry.columnRows, outCount = OC * P
        let (group, groups, workers) = plan(batch: batch, backward: true)
        let dw = gradients, db = gradients + OC * CKK
        if hasBias {
            for n in 0..<batch { for oc in 0..<OC { db[oc] += vectorSum(dy + n * outCount + oc * P, P) } }
        }
        Parallel.forEachWorker(workers) { w in
            let ws = workspaces[w]
            ws.columns.withUnsafeMutableBufferPointer { colsBuf in
                ws.staging.withUnsafeMutableBufferPointer { stageBuf in
                    ws.dWeight.withUnsafeMutableBufferPointer { dwBuf in
                        // Worker 0 accumulates straight into the gradient block, the others into private partials.
                        let target = w == 0 ? dw : dwBuf.baseAddress!
                        if w > 0 { target.update(repeating: 0, count: OC * CKK) }
                        for gi in (groups * w / workers)..<(groups * (w + 1) / workers) {
                            let n0 = gi * group
                            if banded(group: group, workers: workers) {
                                backwardBands(x, dy, dx, image: n0, parameters, target, colsBuf.baseAddress!)
                            } else {
                                backwardGroup(x, dy, dx, n0: n0, images: min(group, batch - n0), parameters, target,
                                              colsBuf.baseAddress!, stageBuf.baseAddress!, splitIm2col: workers == 1)
                            }
                        }
                    }
                }
            }
        }
        for ws in workspaces.prefix(workers).dropFirst() {
            ws.dWeight.withUnsafeBufferPointer { part in for i in 0..<(OC * CKK) { dw[i] += part[i] } }
        }
    }

    // One image in bands, like forwardBands: dW += dy[:, band] · cols_band^T; dcols_band = W^T · dy[:, band];
    // dx += col2im(dcols_band) (bands overlap in input rows, so dx is zeroed first)
    @inline(__always)
    private func backwardBands(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                               image n: Int, _ parameters: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                               _ cols: UnsafeMutablePointer<Float>) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels, OW = g.outWidth
        let inCount = g.channels * g.height * g.width
        let xn = x + n * inCount, dyn = dy + n * OC * P, dxn = dx.map { $0 + n * inCount }
        dxn?.update(repeating: 0, count: inCount)
        for r0 in stride(from: 0, to: g.outHeight, by: bandRows) {
            let rows = min(bandRows, g.outHeight - r0), ld = rows * OW, dyb = dyn + r0 * OW
            im2col(xn, g, cols, rowStride: ld, outputRows: r0..<(r0 + rows))
            BLAS.sgemm(transA: false, transB: true, m: OC, n: CKK, k: ld, alpha: 1, a: dyb, lda: P,
                       b: cols, ldb: ld, beta: 1, c: dw, ldc: CKK)
            guard let dxn else { continue }
            BLAS.sgemm(transA: true, transB: false, m: CKK, n: ld, k: OC, alpha: 1, a: parameters, lda: CKK,
                       b: dyb, ldb: P, beta: 0, c: cols, ldc: ld)
            col2im(cols, rowStride: ld, g, dxn, outputRows: r0..<(r0 + rows))
        }
    }

    @inline(__always)
    private func backwardGroup(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                               n0: Int, images G: Int, _ parameters: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                               _ cols: UnsafeMutablePointer<Float>, _ stage: UnsafeMutablePointer<Float>, splitIm2col: Bool) {
        let g = geometry, P = g.positions, CKK = g.columnRows, OC = outChannels, ld = G * P
        let inCount = g.channels * g.height * g.width, outCount = OC * P
        if splitIm2col {
            im2colGroup(x + n0 * inCount, imageStride: inCount, images: G, g, cols)
        } else {
            for i in 0..<G { im2col(x + (n0 + i) * inCount, g, cols + i * P, rowStride: ld) }
        }
        let dyg: UnsafePointer<Float>
        if G == 1 {
            dyg = dy + n0 * outCount
        } else {
            for i in 0..<G {
                for oc in 0..<OC { (stage + oc * ld + i * P).update(from: dy + (n0 + i) * outCount + oc * P, count: P) }
            }
            dyg = UnsafePointer(stage)
        }
        BLAS.sgemm(transA: false, transB: true, m: OC, n: CKK, k: ld, alpha: 1, a: dyg, lda: ld,
                   b: cols, ldb: ld, beta: 1, c: dw, ldc: CKK)
        guard let dx else { return }
        // The columns are no longer needed, so dcols overwrites them.
        BLAS.sgemm(transA: true, transB: false, m: CKK, n: ld, k: OC, alpha: 1, a: parameters, lda: CKK,
                   b: dyg, ldb: ld, beta: 0, c: cols, ldc: ld)
        if splitIm2col {
            col2imGroup(cols, images: G, g, dx + n0 * inCount, imageStride: inCount)
        } else {
            for i in 0..<G {
                (dx + (n0 + i) * inCount).update(repeating: 0, count: inCount)
                col2im(cols + i * P, rowStride: ld, g, dx + (n0 + i) * inCount)
            }
        }
    }
}
