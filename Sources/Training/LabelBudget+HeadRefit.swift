import Classifier
import LinearAlgebra
import Numerics

extension LabelBudget.Point {
    /// A point from pooled out-of-fold metrics.
    init(metrics m: BinaryMetrics, labels: Int, order: String) {
        self.init(labels: labels, order: order, accuracy: m.accuracy, normalF1: m.normal.f1, pneumoniaF1: m.pneumonia.f1,
                  ece: m.ece, sensitivity: m.sensitivity, specificity: m.specificity, auc: m.auc)
    }
}

extension LabelBudget {
    /// Cross-validated learning curve of the head refit (`HeadRefit`), on the same folds and
    /// orders as `curve`: for each fold the first `budget` films of the other folds are labelled,
    /// C is chosen by cross-validation by patient among them, the head is fitted on them, Platt
    /// scaling and the threshold on their out-of-fold logits at that C, and the fold's films are
    /// judged. A budget with fewer than 2 films of a class keeps the model as given.
    ///
    /// `rows` are `HeadRefit.design` rows (features, then the base logit).
    public static func headRefitCurve(rows: [[Double]], labels: [Int], patients: [String], base: (Calibration, Double),
                                      budgets: [Int], folds: Int, foldSeed: UInt64, orderName: String,
                                      order: ([Int]) -> [Int]) throws(BLASError) -> [Point] {
        try pooledCurve(labels: labels, patients: patients, baseThreshold: base.1, budgets: budgets, folds: folds,
                        foldSeed: foldSeed, orderName: orderName, order: order) { (fold, chosen) throws(BLASError) in
            let chosenLabels = chosen.map { labels[$0] }
            let positives = chosenLabels.reduce(0, +)
            guard positives >= 2, chosenLabels.count - positives >= 2 else {
                return ({ base.0.probability(logit: rows[$0].last!) }, base.1)
            }
            let chosenRows = chosen.map { rows[$0] }
            let (c, _, outOfFold) = try HeadRefit.chooseInverseStrength(rows: chosenRows, labels: chosenLabels,
                                                                      groups: chosen.map { patients[$0] }, folds: folds,
                                                                      seed: foldSeed &+ UInt64(fold + 1))
            let head = try HeadRefit.fit(rows: chosenRows, labels: chosenLabels, inverseStrength: c)
            let (calibration, threshold) = SiteAdaptation.calibrate(logits: outOfFold, labels: chosenLabels)
            return ({ calibration.probability(logit: head.logit(rows[$0])) }, threshold)
        }
    }
}
