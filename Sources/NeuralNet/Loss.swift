import Foundation

/// A loss value and its gradient with respect to the logits (same layout as the logits).
public struct LossResult: Sendable, Equatable {
    /// Scalar loss (mean over the batch).
    public var loss: Float
    /// dLoss/dLogits.
    public var dLogits: [Float]
}

/// Loss functions on raw logits, numerically stable for any logit magnitude.
public enum Loss {
    /// Sigmoid + binary cross-entropy on logits (B*K values, targets in [0, 1]), mean over all B*K entries.
    ///
    /// Each entry is weighted by `positiveWeight` * t + `negativeWeight` * (1 - t), for class imbalance:
    /// L = mean( wp * t * softplus(-z) + wn * (1 - t) * softplus(z) ).
    public static func binaryCrossEntropy(logits: [Float], targets: [Float],
                                          positiveWeight: Float = 1, negativeWeight: Float = 1) -> LossResult {
        precondition(logits.count == targets.count && !logits.isEmpty, "BCE: logits and targets differ in count")
        let scale = 1 / Double(logits.count)
        var total = 0.0
        var d = [Float](repeating: 0, count: logits.count)
        for i in 0..<logits.count {
            let z = Double(logits[i]), t = Double(targets[i])
            // softplus(z) = max(z, 0) + log1p(exp(-|z|)); softplus(-z) = softplus(z) - z
            let spPos = max(z, 0) + log1p(exp(-abs(z)))
            let spNeg = spPos - z
            let wp = Double(positiveWeight) * t, wn = Double(negativeWeight) * (1 - t)
            total += wp * spNeg + wn * spPos
            let sig = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
            d[i] = Float((wp * (sig - 1) + wn * sig) * scale)
        }
        return LossResult(loss: Float(total * scale), dLogits: d)
    }

    /// Softmax + cross-entropy over logits (B, K) and labels in 0..<K; weighted mean Σ w_y * nll / Σ w_y (PyTorch convention).
    public static func softmaxCrossEntropy(logits: [Float], labels: [Int], classes K: Int,
                                           classWeights: [Float]? = nil) -> LossResult {
        let B = labels.count
        precondition(K > 0 && logits.count == B * K, "softmax CE: logits must be (B, K)")
        precondition(classWeights == nil || classWeights!.count == K, "softmax CE: one weight per class")
        var d = [Float](repeating: 0, count: B * K)
        var total = 0.0, weightSum = 0.0
        var probs = [Double](repeating: 0, count: K)
        for n in 0..<B {
            let row = n * K, y = labels[n]
            precondition(y >= 0 && y < K, "softmax CE: label \(y) outside 0..<\(K)")
            var maxZ = -Double.infinity
            for k in 0..<K { maxZ = max(maxZ, Double(logits[row + k])) }
            var sum = 0.0
            for k in 0..<K { probs[k] = exp(Double(logits[row + k]) - maxZ); sum += probs[k] }
            let w = Double(classWeights?[y] ?? 1)
            total += w * (log(sum) - (Double(logits[row + y]) - maxZ))
            weightSum += w
            for k in 0..<K { d[row + k] = Float(w * (probs[k] / sum - (k == y ? 1 : 0))) }
        }
        let scale = weightSum > 0 ? 1 / weightSum : 0
        for i in 0..<d.count { d[i] = Float(Double(d[i]) * scale) }
        return LossResult(loss: Float(total * scale), dLogits: d)
    }
}
