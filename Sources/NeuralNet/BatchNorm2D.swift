/// Per-channel batch normalisation over (B, C, H, W) or (B, C): y = gamma * (x - mean) / sqrt(var + eps) + beta.
///
/// Training uses batch statistics (biased variance) and updates the running mean and unbiased
/// running variance with `momentum`; inference uses the running statistics. Running stats are buffers.
public final class BatchNorm2D: Layer {
    public let spec: LayerSpec
    public let inputShape: [Int]
    public var outputShape: [Int] { inputShape }
    public let parameterSlots: [ParameterSlot]
    public let bufferSlots: [BufferSlot]
    /// Channels normalised.
    public let channels: Int
    /// Weight of the newest batch in the running statistics, in [0, 1].
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// Running mean per channel (C).
    public private(set) var runningMean: [Float]
    /// Running (unbiased) variance per channel (C).
    public private(set) var runningVariance: [Float]
    /// When true, forward writes max(0, y) and backward takes the ReLU's dy, masking it by y > 0: the network
    /// sets this when an in-place ReLU follows, which then skips its own forward and backward passes.
    public var appliesReLU = false
    /// When set, a training forward pass replaces the running statistics by the batch's own
    /// (momentum 1) instead of blending them in: how `Network.reestimateBatchNormStatistics`
    /// adapts a trained network to another site's films.
    public var adoptsBatchStatistics = false
    private var batchMean: [Float]       // (C) cache for backward
    private var batchInvStd: [Float]     // (C)

    /// Batch norm over per-item input (C, H, W) or (C).
    public init(inputShape: [Int], momentum: Float = 0.1, epsilon: Float = 1e-5) throws(ArchitectureError) {
        guard inputShape.count == 3 || inputShape.count == 1 else {
            throw .badShape(layer: 0, "batch norm needs (C, H, W) or (C) input, got \(inputShape)")
        }
        let C = inputShape[0]
        self.spec = .batchNorm(momentum: momentum, epsilon: epsilon)
        self.inputShape = inputShape
        self.channels = C
        self.momentum = momentum
        self.epsilon = epsilon
        self.parameterSlots = [ParameterSlot(name: "gamma", shape: [C], offset: 0, decays: false),
                               ParameterSlot(name: "beta", shape: [C], offset: C, decays: false)]
        self.bufferSlots = [BufferSlot(name: "running_mean", shape: [C]), BufferSlot(name: "running_var", shape: [C])]
        self.runningMean = [Float](repeating: 0, count: C)
        self.runningVariance = [Float](repeating: 1, count: C)
        self.batchMean = [Float](repeating: 0, count: C)
        self.batchInvStd = [Float](repeating: 1, count: C)
    }

    private var planeSize: Int { inputShape.dropFirst().reduce(1, *) }
    public var flopsPerItem: Int { 2 * inputShape.reduce(1, *) }

    public func initializeParameters(_ parameters: UnsafeMutablePointer<Float>, rng: inout some RandomNumberGenerator) {
        parameters.update(repeating: 1, count: channels)
        (parameters + channels).update(repeating: 0, count: channels)
    }

    public func buffer(named name: String) -> [Float]? {
        switch name {
        case "running_mean": return runningMean
        case "running_var": return runningVariance
        default: return nil
        }
    }

    public func setBuffer(named name: String, to values: [Float]) -> Bool {
        guard values.count == channels else { return false }
        switch name {
        case "running_mean": runningMean = values
        case "running_var": runningVariance = values
        default: return false
        }
        return true
    }

    // x (B, C, HW) -> y (B, C, HW); per channel y = x * scale + shift
    public func forward(input x: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>, batch: Int,
                        parameters: UnsafePointer<Float>, training: Bool, rng: inout some RandomNumberGenerator) {
        let C = channels, HW = planeSize, eps = epsilon, mom = adoptsBatchStatistics ? 1 : momentum, relu = appliesReLU
        let gamma = parameters, beta = parameters + C
        // Channels are independent, so they are split across threads; the stats arrays are written per channel.
        batchMean.withUnsafeMutableBufferPointer { meanBuf in
        batchInvStd.withUnsafeMutableBufferPointer { invBuf in
        runningMean.withUnsafeMutableBufferPointer { rmBuf in
        runningVariance.withUnsafeMutableBufferPointer { rvBuf in
            let bm = meanBuf.baseAddress!, bi = invBuf.baseAddress!, rm = rmBuf.baseAddress!, rv = rvBuf.baseAddress!
            Parallel.forEachChunk(C, cost: batch * HW) { channels in
                for c in channels {
                    var mean: Float, invStd: Float
                    if training {
                        // One pass over the data: moments about a sample value, combined in Double.
                        let shift = x[c * HW]
                        var sum = 0.0, sq = 0.0
                        for n in 0..<batch {
                            let (s, q) = vectorShiftedMoments(x + (n * C + c) * HW, HW, shift: shift)
                            sum += Double(s)
                            sq += Double(q)
                        }
                        let m = Double(batch * HW)
                        let shiftedMean = sum / m
                        mean = Float(Double(shift) + shiftedMean)
                        let variance = max(0, sq / m - shiftedMean * shiftedMean)
                        invStd = Float(1 / (variance + Double(eps)).squareRoot())
                        bm[c] = mean
                        bi[c] = invStd
                        let unbiased = m > 1 ? variance * m / (m - 1) : variance
                        rm[c] = (1 - mom) * rm[c] + mom * mean
                        rv[c] = (1 - mom) * rv[c] + mom * Float(unbiased)
                    } else {
                        mean = rm[c]
                        invStd = 1 / (rv[c] + eps).squareRoot()
                    }
                    let scale = gamma[c] * invStd, shift = beta[c] - mean * scale
                    for n in 0..<batch {
                        let xp = x + (n * C + c) * HW, yp = y + (n * C + c) * HW
                        if relu {
                            for i in 0..<HW { yp[i] = max(xp[i] * scale + shift, 0) }
                        } else {
                            for i in 0..<HW { yp[i] = xp[i] * scale + shift }
                        }
                    }
                }
            }
        } } } }
    }

    // With xhat = (x - mean) * invStd, M = B*HW, and dy masked by y > 0 first when the ReLU is fused:
    // dgamma += Σ dy*xhat; dbeta += Σ dy; dx = gamma*invStd/M * (M*dy - Σdy - xhat*Σ dy*xhat)
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, dOutput dy: UnsafePointer<Float>,
                         dInput dx: UnsafeMutablePointer<Float>?, batch: Int,
                         parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>) {
        let C = channels, HW = planeSize, relu = appliesReLU
        let gamma = parameters, dgamma = gradients, dbeta = gradients + C
        let M = Float(batch * HW)
        batchMean.withUnsafeBufferPointer { meanBuf in
        batchInvStd.withUnsafeBufferPointer { invBuf in
            let bm = meanBuf.baseAddress!, bi = invBuf.baseAddress!
            Parallel.forEachChunk(C, cost: batch * HW) { channels in
                for c in channels {
                    let mean = bm[c], invStd = bi[c]
                    var sumDy = 0.0, sumDyX = 0.0
                    for n in 0..<batch {
                        let o = (n * C + c) * HW
                        let (s, d) = vectorSumAndDot(dy + o, x + o, HW, maskedBy: relu ? y + o : nil)
                        sumDy += Double(s)
                        sumDyX += Double(d)
                    }
                    let sumDyXhat = Float((sumDyX - Double(mean) * sumDy) * Double(invStd))
                    dgamma[c] += sumDyXhat
                    dbeta[c] += Float(sumDy)
                    guard let dx else { continue }
                    // dx = a*dy + b*x + d, the expansion of the formula above.
                    let a = gamma[c] * invStd
                    let b = -gamma[c] * invStd * invStd * sumDyXhat / M
                    let d = -a * Float(sumDy) / M - b * mean
                    for n in 0..<batch {
                        let o = (n * C + c) * HW
                        vectorAffine2(dy + o, x + o, a: a, b: b, d: d, dx + o, HW, maskedBy: relu ? y + o : nil)
                    }
                }
            }
        } }
    }
}
