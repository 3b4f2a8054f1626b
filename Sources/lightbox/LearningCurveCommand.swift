import ReviewApp
import ArgumentParser
import Foundation
import Workflows
import Training
import Numerics

/// `lightbox learning-curve`: what a budget of reviewer labels buys on a site, labelled in the
/// "most informative first" order versus at random.
struct LearningCurveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-curve",
        abstract: "What N labels buy with recalibration and with a head refit, most-informative-first vs random, cross-validated by patient.",
        discussion: """
            DIR holds a site's films in NORMAL/ and PNEUMONIA/. For each fold (patients kept whole) the first N \
            films of the other folds, in either order, are treated as labelled; Platt calibration and the \
            threshold (recalibration), or the head refit with its C chosen by cross-validation among them, \
            are fitted on them as `adapt` does, and the fold's films are judged. The random order \
            is averaged over --random-repeats seeds. With --adapt-bn the batch-norm statistics are first \
            re-estimated on all the site's films (no labels), as `adapt --unlabelled` does.
            """)

    @Argument(help: "Folder with NORMAL/ and PNEUMONIA/ subfolders of the site's films.") var dataDir: String
    @OptionGroup var model: ModelOption
    @Option(name: .long, parsing: .upToNextOption, help: "Label budgets.") var budgets: [Int] = [25, 50, 100, 200]
    @Option(name: .long, help: "Cross-validation folds.") var folds: Int = 5
    @Option(name: .long, help: "Seeds of the random order to average over.") var randomRepeats: Int = 5
    @Option(name: .long, help: "Seed of the folds and of the first random order.") var seed: UInt64 = 1
    @Flag(name: .long, help: "Re-estimate batch-norm statistics on the site's films first (label-free).") var adaptBn = false
    @Option(name: .long, parsing: .upToNextOption, help: "Measurement only: the head refit also reads the pooled activations after these layers (0-based indices); such a head cannot be written into a model.") var extraFeatureLayers: [Int] = []
    @Flag(name: .long, inversion: .prefixedNo, help: "Also the head refit (logistic regression on the pooled features plus the logit, as adapt does).") var headRefit = true

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard randomRepeats >= 1 else { throw ValidationError("--random-repeats must be at least 1") }
        guard !budgets.isEmpty, budgets.allSatisfy({ $0 > 0 }) else { throw ValidationError("--budgets must be positive") }
    }

    func run() throws {
        let model = try self.model.load()
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
        print("\(films.labels.count) films of \(Set(films.patients).count) patients, \(folds)-fold cross-validation by patient, model \(model.id)\(adaptBn ? ", batch-norm statistics re-estimated on the site" : "")")
        let base = BinaryMetrics(probabilities: logits.map { model.calibration.probability(logit: $0) }, labels: films.labels, threshold: model.threshold)
        print(String(format: "model as given: accuracy %.3f  sensitivity %.3f  specificity %.3f  NORMAL F1 %.3f  PNEUMONIA F1 %.3f  ECE %.3f  AUC %.3f",
                     base.accuracy, base.sensitivity, base.specificity, base.normal.f1, base.pneumonia.f1, base.ece, base.auc))
        print("method         labels | order                    accuracy  sens   spec   NORMAL F1  PNEUMONIA F1  ECE    AUC")
        for (name, informative, randomRuns) in methods {
            for (i, budget) in budgets.enumerated() {
                func row(_ order: String, _ p: (KeyPath<LabelBudget.Point, Double>) -> Double) -> String {
                    name.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: " %6d | ", budget)
                        + order.padding(toLength: 25, withPad: " ", startingAt: 0)
                        + String(format: "%.3f     %.3f  %.3f  %.3f      %.3f         %.3f  %.3f", p(\.accuracy), p(\.sensitivity), p(\.specificity),
                           p(\.normalF1), p(\.pneumoniaF1), p(\.ece), p(\.auc))
                }
                print(row("most informative first") { informative[i][keyPath: $0] })
                print(row("random (mean of \(randomRepeats))") { key in randomRuns.map { $0[i][keyPath: key] }.reduce(0, +) / Double(randomRuns.count) })
            }
        }
    }
}
