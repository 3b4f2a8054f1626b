import Foundation

/// AdamW over a flat parameter block with decoupled weight decay applied only to `decays` slots.
public struct AdamW: Sendable {
    /// Exponential decay of the first moment.
    public var beta1: Float
    /// Exponential decay of the second moment.
    public var beta2: Float
    /// Added to sqrt(v) to avoid division by zero.
    public var epsilon: Float
    /// Decoupled weight decay per unit learning rate (p -= lr * wd * p).
    public var weightDecay: Float
    /// Steps taken so far.
    public private(set) var step: Int = 0
    /// First-moment estimate per parameter (for checkpoints).
    public private(set) var m: [Float]
    /// Second-moment estimate per parameter (for checkpoints).
    public private(set) var v: [Float]
    private let decayMask: [Float]   // 1 where weight decay applies, else 0

    /// An optimizer for `parameterCount` values; `decayRanges` are the index ranges that receive weight decay.
    public init(parameterCount: Int, decayRanges: [Range<Int>], beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.m = [Float](repeating: 0, count: parameterCount)
        self.v = [Float](repeating: 0, count: parameterCount)
        var mask = [Float](repeating: 0, count: parameterCount)
        for r in decayRanges { for i in r { mask[i] = 1 } }
        self.decayMask = mask
    }

    /// Restores the moments and step count saved from an earlier optimizer of the same size; false on a size mismatch.
    public mutating func restore(step: Int, m: [Float], v: [Float]) -> Bool {
        guard m.count == self.m.count, v.count == self.v.count, step >= 0 else { return false }
        self.step = step
        self.m = m
        self.v = v
        return true
    }

    /// One update of `parameters` from `gradients` at `learningRate`; both arrays have `parameterCount` values.
    public mutating func update(parameters: inout [Float], gradients: [Float], learningRate lr: Float) {
        precondition(parameters.count == m.count && gradients.count == m.count, "AdamW: size mismatch")
        step += 1
        let c1 = 1 / (1 - Float(pow(Double(beta1), Double(step))))
        let c2 = 1 / (1 - Float(pow(Double(beta2), Double(step))))
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        decayMask.withUnsafeBufferPointer { mask in
                            for i in 0..<p.count {
                                let gi = g[i]
                                m[i] = b1 * m[i] + (1 - b1) * gi
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                let update = (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
                                p[i] -= lr * (update + wd * mask[i] * p[i])
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Learning rate with linear warm-up to `peak` over `warmupSteps`, then cosine decay to `floor` at `totalSteps`.
///
/// `step` counts from 0; step warmupSteps-1 returns `peak`, steps >= totalSteps-1 return `floor`.
public func warmupCosineLearningRate(step: Int, totalSteps: Int, warmupSteps: Int, peak: Float, floor: Float = 0) -> Float {
    if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
    let start = max(0, warmupSteps - 1)
    let progress = min(1, Double(step - start) / Double(max(1, totalSteps - 1 - start)))
    return floor + (peak - floor) * Float(0.5 * (1 + cos(Double.pi * progress)))
}
