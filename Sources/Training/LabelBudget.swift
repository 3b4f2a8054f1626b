import Classifier
import Imaging
import Numerics

/// Which of a site's films reviewers should label first, and what each label budget buys.
///
/// Pure: takes the model's logits and the films' patients, returns orders and metrics.
public enum LabelBudget {
    /// Films ordered "most informative first" for re-fitting calibration and threshold: picks
    /// alternate between the film whose logit lies nearest the threshold's (the decisions the
    /// model is least sure of) and a film spread over the whole score range (a van der Corput
    /// sequence over the score ranks, so the calibration slope is pinned down too: labels near
    /// the threshold alone measured worse than random at 25-50 labels). Spread over patients:
    /// every patient's first pick comes before any patient's second, so a budget is not spent
    /// on one child's follow-up films.
    public static func mostInformativeOrder(logits: [Double], thresholdLogit: Double, patients: [String]) -> [Int] {
        precondition(logits.count == patients.count, "one patient per logit")
        let n = logits.count
        let byUncertainty = logits.indices.sorted {
            let a = abs(logits[$0] - thresholdLogit), b = abs(logits[$1] - thresholdLogit)
            return a != b ? a < b : $0 < $1
        }
        let byScore = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] < logits[$1] : $0 < $1 }
        var spread: [Int] = []
        var k = 1
        var taken = [Bool](repeating: false, count: n)
        while spread.count < n {
            // Base-2 radical inverse of k: 1/2, 1/4, 3/4, 1/8, ... of the score ranks.
            var f = 0.5, x = 0.0, m = k
            while m > 0 { if m & 1 == 1 { x += f }; f /= 2; m >>= 1 }
            let i = byScore[min(n - 1, Int(x * Double(n)))]
            if !taken[i] { taken[i] = true; spread.append(i) }
            k += 1
            if k > 64 * n { for i in byScore where !taken[i] { taken[i] = true; spread.append(i) } }
        }
        var picked = [Bool](repeating: false, count: n)
        var interleaved: [Int] = []
        var u = 0, s = 0
        while interleaved.count < n {
            while u < n, picked[byUncertainty[u]] { u += 1 }
            if u < n { picked[byUncertainty[u]] = true; interleaved.append(byUncertainty[u]) }
            while s < n, picked[spread[s]] { s += 1 }
            if s < n { picked[spread[s]] = true; interleaved.append(spread[s]) }
        }
        var rankWithinPatient = [Int](repeating: 0, count: n)
        var seen: [String: Int] = [:]
        for i in interleaved {
            rankWithinPatient[i] = seen[patients[i], default: 0]
            seen[patients[i], default: 0] += 1
        }
        var position = [Int](repeating: 0, count: n)
        for (p, i) in interleaved.enumerated() { position[i] = p }
        return logits.indices.sorted {
            rankWithinPatient[$0] != rankWithinPatient[$1] ? rankWithinPatient[$0] < rankWithinPatient[$1] : position[$0] < position[$1]
        }
    }

    /// The films in a random order drawn from `SplitMix64(seed:)`.
    public static func randomOrder(count: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        rng.stableShuffle(&order)
        return order
    }

    /// One point of a learning curve: metrics on held-out patients after `labels` labels.
    public struct Point: Sendable, Equatable {
        public var labels: Int
        public var order: String
        public var accuracy: Double
        public var normalF1: Double
        public var pneumoniaF1: Double
        public var ece: Double
        public var sensitivity: Double = 0
        public var specificity: Double = 0
        public var auc: Double = 0
    }

    /// Cross-validated learning curve of Platt recalibration and re-thresholding: for each fold
    /// (patients kept whole), the first `budget` films of the other folds in the given order are
    /// "labelled", calibration and threshold are fitted on them (`SiteAdaptation.calibrate`), and
    /// the fold's films are judged; metrics pool every fold's out-of-fold decisions. With a
    /// budget holding one class only, the model's own calibration and threshold are kept.
    ///
    /// `order(pool)` returns the pool's indices (into the full arrays) in labelling order.
    public static func curve(logits: [Double], labels: [Int], patients: [String], base: (Calibration, Double),
                             budgets: [Int], folds: Int, foldSeed: UInt64, orderName: String,
                             order: ([Int]) -> [Int]) -> [Point] {
        pooledCurve(labels: labels, patients: patients, baseThreshold: base.1, budgets: budgets, folds: folds,
                    foldSeed: foldSeed, orderName: orderName, order: order) { _, chosen in
            let chosenLabels = chosen.map { labels[$0] }
            var (calibration, threshold) = base
            if chosenLabels.contains(0) && chosenLabels.contains(1) {
                (calibration, threshold) = SiteAdaptation.calibrate(logits: chosen.map { logits[$0] }, labels: chosenLabels)
            }
            return ({ calibration.probability(logit: logits[$0]) }, threshold)
        }
    }

    /// The cross-validation every curve shares: films assigned to `folds` folds by patient from
    /// `foldSeed`; for each budget and fold the first `budget` films of the other folds (in
    /// `order`) are given to `fit`, which returns the probability of film i and the threshold for
    /// the fold's films; metrics pool every fold's out-of-fold decisions.
    static func pooledCurve<Failure: Error>(
        labels: [Int], patients: [String], baseThreshold: Double, budgets: [Int], folds: Int, foldSeed: UInt64,
        orderName: String, order: ([Int]) -> [Int],
        fit: (_ fold: Int, _ chosen: [Int]) throws(Failure) -> (probability: (Int) -> Double, threshold: Double)
    ) throws(Failure) -> [Point] {
        var foldRNG = SplitMix64(seed: foldSeed)
        let assignment = SiteAdaptation.foldAssignment(groups: patients, labels: labels, folds: folds, using: &foldRNG)
        var points: [Point] = []
        for budget in budgets {
            var probabilities = [Double](repeating: 0, count: labels.count)
            var decisions = [Bool](repeating: false, count: labels.count)
            for fold in 0..<folds {
                let pool = labels.indices.filter { assignment[$0] != fold }
                let (probability, threshold) = try fit(fold, Array(order(pool).prefix(budget)))
                for i in labels.indices where assignment[i] == fold {
                    probabilities[i] = probability(i)
                    decisions[i] = probabilities[i] >= threshold
                }
            }
            let m = BinaryMetrics(probabilities: probabilities, labels: labels, decisions: decisions, threshold: baseThreshold)
            points.append(Point(metrics: m, labels: budget, order: orderName))
        }
        return points
    }
}
