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
        abstract: "Accuracy, NORMAL F1 and ECE after N labels, most-informative-first vs random, cross-validated by patient.",
        discussion: """
            DIR holds a site's films in NORMAL/ and PNEUMONIA/. For each fold (patients kept whole) the first N \
            films of the other folds, in either order, are treated as labelled; Platt calibration and the \
            threshold are fitted on them as `adapt` does, and the fold's films are judged. The random order \
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
        let informative = curve("most informative first") { pool in
            let order = LabelBudget.mostInformativeOrder(logits: pool.map { logits[$0] }, thresholdLogit: thresholdLogit,
                                                         patients: pool.map { films.patients[$0] })
            return order.map { pool[$0] }
        }
        let randomRuns = (0..<randomRepeats).map { r in
            curve("random") { pool in LabelBudget.randomOrder(count: pool.count, seed: seed &+ UInt64(r)).map { pool[$0] } }
        }
        print("\(films.labels.count) films of \(Set(films.patients).count) patients, \(folds)-fold cross-validation by patient, model \(model.id)\(adaptBn ? ", batch-norm statistics re-estimated on the site" : "")")
        print("labels  | most informative first: accuracy  NORMAL F1  PNEUMONIA F1  ECE | random (mean of \(randomRepeats)): accuracy  NORMAL F1  PNEUMONIA F1  ECE")
        for (i, budget) in budgets.enumerated() {
            let a = informative[i]
            func mean(_ key: KeyPath<LabelBudget.Point, Double>) -> Double { randomRuns.map { $0[i][keyPath: key] }.reduce(0, +) / Double(randomRuns.count) }
            print(String(format: "%6d  |                         %.3f     %.3f      %.3f       %.3f |                    %.3f     %.3f      %.3f       %.3f",
                         budget, a.accuracy, a.normalF1, a.pneumoniaF1, a.ece, mean(\.accuracy), mean(\.normalF1), mean(\.pneumoniaF1), mean(\.ece)))
        }
    }
}
