import Classifier
import Foundation
import Numerics

/// Re-fits calibration (Platt: slope and intercept on the logit) and the operating threshold
/// on labelled films from a new site, and measures the gain by cross-validation.
///
/// Pure: takes the base model's logits, returns values.
public enum SiteAdaptation {
    /// The result of adapting to one site.
    public struct Result: Sendable {
        /// Calibration fitted on all the site's films.
        public var calibration: Calibration
        /// Threshold chosen on all the site's films.
        public var threshold: Double
        /// The base model as it was (its own calibration and threshold), on all the site's films.
        public var before: BinaryMetrics
        /// Cross-validated: each fold judged by calibration and threshold fitted on the other folds.
        public var after: BinaryMetrics
        /// Mean log loss of the out-of-fold calibrated probabilities (nats per film): how two
        /// candidate adaptations of the same films are compared.
        public var crossValidatedLogLoss: Double
        /// The out-of-fold calibrated probabilities themselves, one per film.
        public var outOfFold: [Double] = []
    }

    /// The threshold rule on a site's own films: accuracy at the site's own class mix.
    public static let rule = "maximises accuracy on the site's labelled films (their own class mix)"

    /// Fits Platt scaling and the threshold on the site's films and cross-validates both.
    ///
    /// - Parameters:
    ///   - logits: the base network's logits for the site's films.
    ///   - labels: 1 PNEUMONIA, 0 NORMAL.
    ///   - groups: patient of each film; folds never split a patient.
    ///   - base: the model's current calibration and threshold, for the "before" figures.
    ///   - folds: number of cross-validation folds (at least 2).
    public static func fit(logits: [Double], labels: [Int], groups: [String], base: (Calibration, Double),
                           folds: Int = 5, using rng: inout some RandomNumberGenerator) -> Result {
        let before = BinaryMetrics(probabilities: logits.map { base.0.probability(logit: $0) }, labels: labels, threshold: base.1)
        let assignment = foldAssignment(groups: groups, labels: labels, folds: folds, using: &rng)
        var outOfFold = [Double](repeating: 0, count: logits.count)
        var decisions = [Bool](repeating: false, count: logits.count)
        for fold in 0..<folds {
            let train = logits.indices.filter { assignment[$0] != fold }
            let test = logits.indices.filter { assignment[$0] == fold }
            guard !test.isEmpty, !train.isEmpty else { continue }
            let (calibration, threshold) = calibrate(logits: train.map { logits[$0] }, labels: train.map { labels[$0] })
            for i in test {
                outOfFold[i] = calibration.probability(logit: logits[i])
                decisions[i] = outOfFold[i] >= threshold
            }
        }
        let (calibration, threshold) = calibrate(logits: logits, labels: labels)
        let after = BinaryMetrics(probabilities: outOfFold, labels: labels, decisions: decisions, threshold: threshold)
        return Result(calibration: calibration, threshold: threshold, before: before, after: after,
                      crossValidatedLogLoss: meanLogLoss(probabilities: outOfFold, labels: labels), outOfFold: outOfFold)
    }

    /// Platt scaling and the accuracy-maximising threshold for one set of films.
    public static func calibrate(logits: [Double], labels: [Int]) -> (Calibration, Double) {
        let calibration = Calibration.fitPlatt(logits: logits, labels: labels)
        let probabilities = logits.map { calibration.probability(logit: $0) }
        let normalShare = Double(labels.filter { $0 == 0 }.count) / Double(max(1, labels.count))
        let threshold = ThresholdRule.accuracy(normalShare: normalShare).choose(probabilities: probabilities, labels: labels)
        return (calibration, threshold)
    }

    /// Assigns each film a fold so that patients stay whole and each class spreads evenly.
    public static func foldAssignment(groups: [String], labels: [Int], folds: Int,
                                      using rng: inout some RandomNumberGenerator) -> [Int] {
        var firstLabel: [String: Int] = [:]
        for (g, l) in zip(groups, labels) where firstLabel[g] == nil { firstLabel[g] = l }
        var foldOf: [String: Int] = [:]
        for label in Set(labels).sorted() {
            var patients = firstLabel.filter { $0.value == label }.map(\.key).sorted()
            rng.stableShuffle(&patients)
            for (i, p) in patients.enumerated() { foldOf[p] = i % folds }
        }
        return groups.map { foldOf[$0]! }
    }
}
