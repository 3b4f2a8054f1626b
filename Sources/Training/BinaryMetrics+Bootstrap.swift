import Imaging
import Numerics

extension BinaryMetrics {
    /// A percentile bootstrap interval for the ROC AUC: `replicates` resamples of the films
    /// with replacement, stratified by class so every resample has both classes, drawn from
    /// `SplitMix64(seed:)`. Returns (lower, upper) at `level` (0.95 gives the 2.5th and
    /// 97.5th percentiles); NaNs when a class is absent.
    public static func bootstrapAUCInterval(probabilities: [Double], labels: [Int], replicates: Int = 1000,
                                            level: Double = 0.95, seed: UInt64 = 1) -> (lower: Double, upper: Double) {
        precondition(probabilities.count == labels.count, "one label per probability")
        let positives = labels.indices.filter { labels[$0] == 1 }
        let negatives = labels.indices.filter { labels[$0] != 1 }
        guard !positives.isEmpty, !negatives.isEmpty, replicates > 0 else { return (.nan, .nan) }
        var rng = SplitMix64(seed: seed)
        var aucs: [Double] = []
        aucs.reserveCapacity(replicates)
        var p = [Double](), y = [Int]()
        for _ in 0..<replicates {
            p.removeAll(keepingCapacity: true); y.removeAll(keepingCapacity: true)
            for group in [positives, negatives] {
                for _ in group.indices {
                    let i = group[rng.index(below: group.count)]
                    p.append(probabilities[i]); y.append(labels[i])
                }
            }
            aucs.append(rocAUC(scores: p, labels: y))
        }
        aucs.sort()
        let tail = (1 - level) / 2
        func quantile(_ q: Double) -> Double { aucs[min(aucs.count - 1, max(0, Int((q * Double(aucs.count - 1)).rounded())))] }
        return (quantile(tail), quantile(1 - tail))
    }

    /// The best accuracy any single threshold reaches on these films, and that threshold:
    /// chosen with hindsight on the labels it is measured on, so not achievable in use.
    public static func bestAccuracyWithHindsight(probabilities: [Double], labels: [Int]) -> (accuracy: Double, threshold: Double) {
        guard !probabilities.isEmpty else { return (.nan, .nan) }
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        // Threshold below everything: all predicted PNEUMONIA.
        var correct = labels.filter { $0 == 1 }.count
        var best = (correct, probabilities[order[0]])
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, probabilities[order[j + 1]] == probabilities[order[i]] { j += 1 }
            for k in i...j { correct += labels[order[k]] == 1 ? -1 : 1 }
            let next = j + 1 < order.count ? probabilities[order[j + 1]] : probabilities[order[j]] + 1e-9
            if correct > best.0 { best = (correct, next) }
            i = j + 1
        }
        return (Double(best.0) / Double(labels.count), best.1)
    }
}

/// What a set of scores is worth whatever the threshold: the AUC's bootstrap interval and the
/// best accuracy a threshold chosen with hindsight would reach (an upper bound, not achievable).
public struct ThresholdFreeView: Sendable, Equatable {
    public var aucLower: Double
    public var aucUpper: Double
    public var bestAccuracy: Double
    public var bestThreshold: Double

    /// Computes both from positive-class probabilities and 0/1 labels (1,000 stratified resamples, seed 1).
    public init(probabilities: [Double], labels: [Int]) {
        (aucLower, aucUpper) = BinaryMetrics.bootstrapAUCInterval(probabilities: probabilities, labels: labels)
        (bestAccuracy, bestThreshold) = BinaryMetrics.bestAccuracyWithHindsight(probabilities: probabilities, labels: labels)
    }
}
