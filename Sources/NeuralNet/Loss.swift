import Numerics

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
            // softplus(-z) = softplus(z) - z
            let spPos = softplus(z)
            let spNeg = spPos - z
            let wp = Double(positiveWeight) * t, wn = Double(negativeWeight) * (1 - t)
            total += wp * spNeg + wn * spPos
            let sig = sigmoid(z)
            d[i] = Float((wp * (sig - 1) + wn * sig) * scale)
        }
        return LossResult(loss: Float(total * scale), dLogits: d)
    }
}
