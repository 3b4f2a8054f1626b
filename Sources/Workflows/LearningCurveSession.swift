import Foundation
import Classifier
import Numerics
import Training

/// `lightbox learning-curve`'s work: what a budget of reviewer labels buys on a site, labelled in
/// the "most informative first" order versus at random, cross-validated by patient.
public struct LearningCurveSession {
    public var dataDir: String
    public var budgets: [Int]
    public var folds: Int
    public var randomRepeats: Int
    public var seed: UInt64
    public var adaptBn: Bool
    public var extraFeatureLayers: [Int]
    public var headRefit: Bool

    public init(dataDir: String, budgets: [Int], folds: Int, randomRepeats: Int, seed: UInt64, adaptBn: Bool,
                extraFeatureLayers: [Int], headRefit: Bool) {
        self.dataDir = dataDir; self.budgets = budgets; self.folds = folds; self.randomRepeats = randomRepeats
        self.seed = seed; self.adaptBn = adaptBn; self.extraFeatureLayers = extraFeatureLayers; self.headRefit = headRefit
    }

    /// The report's lines: the films, the model as given, then one row per method, budget and order.
    public func run(model: PneumoniaModel) throws -> [String] {
        var lines: [String] = []
        let films = try SiteFilms.labelled(dataDir, size: model.preprocessing.inputSize)
        guard Set(films.labels).count == 2 else { throw CommandFailure("\(dataDir): needs films in both NORMAL/ and PNEUMONIA/") }
        if adaptBn { model.adaptBatchNormalisation(to: films.images) }
        let logits = model.logits(images: films.images)
        // The threshold's logit in the raw network's units: invert the calibration.
        let thresholdLogit = (logit(model.threshold) - model.calibration.intercept) / model.calibration.slope
        func curve(_ name: String, _ order: @escaping ([Int]) -> [Int]) -> [LabelBudget.Point] {
            LabelBudget.curve(logits: logits, labels: films.labels, patients: films.patients,
                              base: (model.calibration, model.threshold), budgets: budgets, folds: folds,
                              foldSeed: seed, orderName: name, order: order)
        }
        var features = headRefit ? try model.headFeatures(images: films.images) : []
        for layer in extraFeatureLayers {
            let extra = try model.pooledFeatures(images: films.images, afterLayer: layer)
            features = zip(features, extra).map { $0 + $1 }
        }
        let rows = headRefit ? HeadRefit.design(features: features, baseLogits: logits) : []
        func headCurve(_ name: String, _ order: @escaping ([Int]) -> [Int]) throws -> [LabelBudget.Point] {
            try LabelBudget.headRefitCurve(rows: rows, labels: films.labels, patients: films.patients,
                                           base: (model.calibration, model.threshold), budgets: budgets, folds: folds,
                                           foldSeed: seed, orderName: name, order: order)
        }
        let informativeOrder: ([Int]) -> [Int] = { pool in
            let order = LabelBudget.mostInformativeOrder(logits: pool.map { logits[$0] }, thresholdLogit: thresholdLogit,
                                                         patients: pool.map { films.patients[$0] })
            return order.map { pool[$0] }
        }
        let randomOrders: [([Int]) -> [Int]] = (0..<randomRepeats).map { r in
            { pool in LabelBudget.randomOrder(count: pool.count, seed: seed &+ UInt64(r)).map { pool[$0] } }
        }
        var methods: [(String, [LabelBudget.Point], [[LabelBudget.Point]])] = [
            ("recalibration", curve("most informative first", informativeOrder), randomOrders.map { curve("random", $0) }),
        ]
        if headRefit {
            methods.append(("head refit", try headCurve("most informative first", informativeOrder), try randomOrders.map { try headCurve("random", $0) }))
        }
        lines.append("\(films.labels.count) films of \(Set(films.patients).count) patients, \(folds)-fold cross-validation by patient, model \(model.id)\(adaptBn ? ", batch-norm statistics re-estimated on the site" : "")")
        let base = BinaryMetrics(probabilities: logits.map { model.calibration.probability(logit: $0) }, labels: films.labels, threshold: model.threshold)
        lines.append(String(format: "model as given: accuracy %.3f  sensitivity %.3f  specificity %.3f  NORMAL F1 %.3f  PNEUMONIA F1 %.3f  ECE %.3f  AUC %.3f",
                     base.accuracy, base.sensitivity, base.specificity, base.normal.f1, base.pneumonia.f1, base.ece, base.auc))
        lines.append("method         labels | order                    accuracy  sens   spec   NORMAL F1  PNEUMONIA F1  ECE    AUC")
        for (name, informative, randomRuns) in methods {
            for (i, budget) in budgets.enumerated() {
                func row(_ order: String, _ p: (KeyPath<LabelBudget.Point, Double>) -> Double) -> String {
                    name.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: " %6d | ", budget)
                        + order.padding(toLength: 25, withPad: " ", startingAt: 0)
                        + String(format: "%.3f     %.3f  %.3f  %.3f      %.3f         %.3f  %.3f", p(\.accuracy), p(\.sensitivity), p(\.specificity),
                           p(\.normalF1), p(\.pneumoniaF1), p(\.ece), p(\.auc))
                }
                lines.append(row("most informative first") { informative[i][keyPath: $0] })
                lines.append(row("random (mean of \(randomRepeats))") { key in randomRuns.map { $0[i][keyPath: key] }.reduce(0, +) / Double(randomRuns.count) })
            }
        }
        return lines
    }
}
