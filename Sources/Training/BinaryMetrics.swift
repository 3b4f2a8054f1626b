/// Classification metrics for NORMAL (negative) vs PNEUMONIA (positive) at one threshold.
public struct BinaryMetrics: Equatable, Sendable {
    /// Per-class precision, recall, F1 and support.
    public struct ClassReport: Equatable, Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public var n: Int
    public var threshold: Double
    public var truePositives: Int
    public var falsePositives: Int
    public var trueNegatives: Int
    public var falseNegatives: Int
    /// Area under the ROC curve (ties count one half); NaN when a class is absent.
    public var auc: Double
    /// Expected calibration error over 10 equal-width probability bins.
    public var ece: Double

    /// Computes every metric from positive-class probabilities and 0/1 labels.
    ///
    /// A probability at or above `threshold` predicts PNEUMONIA.
    public init(probabilities: [Double], labels: [Int], threshold: Double) {
        self.init(probabilities: probabilities, labels: labels,
                  decisions: probabilities.map { $0 >= threshold }, threshold: threshold)
    }

    /// Metrics where each film's decision was made separately (e.g. out-of-fold thresholds in
    /// cross-validation); `threshold` is only reported.
    public init(probabilities: [Double], labels: [Int], decisions: [Bool], threshold: Double) {
        precondition(probabilities.count == labels.count && decisions.count == labels.count, "one label per probability")
        n = labels.count
        self.threshold = threshold
        var tp = 0, fp = 0, tn = 0, fn = 0
        for (predicted, y) in zip(decisions, labels) {
            switch (predicted, y == 1) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, false): tn += 1
            case (false, true): fn += 1
            }
        }
        truePositives = tp; falsePositives = fp; trueNegatives = tn; falseNegatives = fn
        auc = Self.rocAUC(scores: probabilities, labels: labels)
        ece = Self.expectedCalibrationError(probabilities: probabilities, labels: labels, bins: 10)
    }

    public var accuracy: Double { ratio(truePositives + trueNegatives, n) }
    /// Recall of PNEUMONIA.
    public var sensitivity: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Recall of NORMAL.
    public var specificity: Double { ratio(trueNegatives, trueNegatives + falsePositives) }
    /// Confusion matrix `[[TN, FP], [FN, TP]]`, PNEUMONIA positive.
    public var confusion: [[Int]] { [[trueNegatives, falsePositives], [falseNegatives, truePositives]] }

    /// The report for PNEUMONIA (positive class).
    public var pneumonia: ClassReport {
        Self.report(hit: truePositives, predicted: truePositives + falsePositives,
                    actual: truePositives + falseNegatives)
    }
    /// The report for NORMAL (negative class).
    public var normal: ClassReport {
        Self.report(hit: trueNegatives, predicted: trueNegatives + falseNegatives,
                    actual: trueNegatives + falsePositives)
    }

    private static func report(hit: Int, predicted: Int, actual: Int) -> ClassReport {
        let precision = ratio(hit, predicted), recall = ratio(hit, actual)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return ClassReport(precision: precision, recall: recall, f1: f1, support: actual)
    }

    /// ROC AUC by the rank-sum (Mann–Whitney) formula with average ranks for ties. O(n log n).
    /// Only the ranking of `scores` counts: probabilities and logits give the same AUC.
    public static func rocAUC(scores probabilities: [Double], labels: [Int]) -> Double {
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = probabilities.indices.sorted { probabilities[$0] < probabilities[$1] }
        var rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, probabilities[order[j + 1]] == probabilities[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 { rankSumPositive += averageRank }
            i = j + 1
        }
        let u = rankSumPositive - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// Expected calibration error: bin-size-weighted |mean probability - positive rate|
    /// over `bins` equal-width bins of the positive-class probability.
    public static func expectedCalibrationError(probabilities: [Double], labels: [Int], bins: Int) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        var count = [Int](repeating: 0, count: bins)
        var sumP = [Double](repeating: 0, count: bins)
        var sumY = [Double](repeating: 0, count: bins)
        for (p, y) in zip(probabilities, labels) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            count[b] += 1; sumP[b] += p; sumY[b] += Double(y)
        }
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 {
            ece += Double(count[b]) / Double(probabilities.count) * abs(sumP[b] - sumY[b]) / Double(count[b])
        }
        return ece
    }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
