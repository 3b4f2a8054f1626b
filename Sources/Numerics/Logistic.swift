#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The logistic function and the binary log loss, written once, finite for any input.

/// 1 / (1 + e^-x) without overflow for large |x|.
@inlinable
public func sigmoid(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}

/// The log-odds log(p / (1 - p)), `p` clamped to [1e-12, 1 - 1e-12] so it stays finite.
@inlinable
public func logit(_ p: Double) -> Double {
    let q = min(max(p, 1e-12), 1 - 1e-12)
    return log(q / (1 - q))
}

/// log(1 + e^x) without overflow for large x: max(x, 0) + log1p(e^-|x|).
@inlinable
public func softplus(_ x: Double) -> Double {
    max(x, 0) + log1p(exp(-abs(x)))
}

/// The binary log loss (cross-entropy) of target `t` in [0, 1] given the logit `z`:
/// -t log σ(z) - (1 - t) log(1 - σ(z)) = softplus(z) - t z.
@inlinable
public func logLoss(logit z: Double, target t: Double) -> Double {
    softplus(z) - t * z
}

/// Mean log loss of 0/1 `labels` given `probabilities`, each clamped to [1e-7, 1 - 1e-7] so a
/// confident mistake costs a large but finite amount; 0 for no labels.
public func meanLogLoss(probabilities: [Double], labels: [Int]) -> Double {
    guard !labels.isEmpty else { return 0 }
    var total = 0.0
    for (p, y) in zip(probabilities, labels) {
        let q = min(max(p, 1e-7), 1 - 1e-7)
        total -= y == 1 ? log(q) : log(1 - q)
    }
    return total / Double(labels.count)
}
