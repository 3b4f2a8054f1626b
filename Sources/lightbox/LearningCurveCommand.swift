import ReviewApp
import ArgumentParser
import Foundation
import Workflows

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
        let session = LearningCurveSession(dataDir: dataDir, budgets: budgets, folds: folds, randomRepeats: randomRepeats,
                                           seed: seed, adaptBn: adaptBn, extraFeatureLayers: extraFeatureLayers, headRefit: headRefit)
        for line in try session.run(model: try model.load()) { print(line) }
    }
}
