import Classifier
import Foundation
import Imaging
import NeuralNet
import Numerics
import Storage
import Training

/// `lightbox adapt`'s work: makes a model right for a site from films labelled there (Platt
/// scaling and threshold refitted by cross-validation by patient, the network fine-tuned when
/// that wins), or without labels (batch-norm statistics re-estimated), and records it in the card.
public struct SiteAdapter {
    public var out: String
    public var labelled: String?
    public var unlabelled: String?
    public var feedback: String?
    public var study: String?
    /// The site's name in the card.
    public var site: String
    public var folds: Int
    public var seed: UInt64
    /// Fine-tune (true), never (false), or when the site has enough films (nil).
    public var fineTune: Bool?
    public var mix: String?
    public var fineTuneEpochs: Int
    public var fineTuneLr: Double
    /// Print the before/after metrics as JSON.
    public var json: Bool

    public init(out: String, labelled: String?, unlabelled: String?, feedback: String?, study: String?, site: String,
                folds: Int, seed: UInt64, fineTune: Bool?, mix: String?, fineTuneEpochs: Int, fineTuneLr: Double, json: Bool) {
        self.out = out; self.labelled = labelled; self.unlabelled = unlabelled; self.feedback = feedback; self.study = study
        self.site = site; self.folds = folds; self.seed = seed; self.fineTune = fineTune; self.mix = mix
        self.fineTuneEpochs = fineTuneEpochs; self.fineTuneLr = fineTuneLr; self.json = json
    }

    /// Films of each class a site needs before fine-tuning is tried by default.
    public static let fineTuneMinimum = 40

    private var recipe: FineTuning.Recipe {
        var recipe = FineTuning.Recipe()
        recipe.epochs = fineTuneEpochs
        recipe.learningRate = fineTuneLr
        recipe.seed = seed
        return recipe
    }

    /// Cross-validated fine-tuning (`FineTuning.crossValidated`) with progress on stderr, or
    /// to `progress` (runs done, runs in all) when given.
    private func fineTuneCrossValidated(model: PneumoniaModel, films: SiteFilms, rng: SplitMix64,
                                        progress report: ((Int, Int) -> Void)?) throws -> [Double] {
        let size = model.preprocessing.inputSize
        let mixData = try mix.map { try TrainingData.load($0, size: size) }
        var site = LabeledImages(size: size)
        for i in films.images.indices {
            site.append(films.images[i], label: films.labels[i], patient: films.patients[i], path: films.paths[i])
        }
        let progress = report == nil ? ProgressReporter(label: "fine-tune", total: folds + 1, unit: "runs") : nil
        defer { progress?.finish() }
        var done = 0
        return try FineTuning.crossValidated(model: model, films: films.images, site: site, mix: mixData, folds: folds,
                                             recipe: recipe, rng: rng, progress: {
            done += 1
            if let report { report(done, folds + 1) } else { progress?.advance() }
        })
    }

    /// What one adaptation from labels found, before anything is written.
    public struct LabelledAdaptation {
        /// The adapted model (the one given, changed in place), its card recording the adaptation.
        public var model: PneumoniaModel
        /// The model's id before.
        public var previousID: String
        /// Labelled films, and of those PNEUMONIA.
        public var films: Int, pneumonia: Int
        /// The model as given on all the films, and the adapted one cross-validated.
        public var before: BinaryMetrics, after: BinaryMetrics
        /// Mean log loss (nats per film) of the same two.
        public var beforeLogLoss: Double, afterLogLoss: Double
        /// How it was adapted, in words.
        public var method: String
    }

    /// Adapts `model` in place with `films` (Platt scaling and threshold by cross-validation by
    /// patient, fine-tuning when it wins) and records it in the card; writes nothing. Notes go
    /// to `note`, fine-tuning progress to `progress` (stderr when nil).
    public func adapt(model: PneumoniaModel, films: SiteFilms, date: String, note: (String) -> Void = writeStderr,
                      progress: ((Int, Int) -> Void)? = nil) throws -> LabelledAdaptation {
        let positives = films.labels.reduce(0, +)
        guard positives >= 2, films.labels.count - positives >= 2 else {
            throw CommandFailure("need at least 2 labelled films of each class, have \(positives) PNEUMONIA and \(films.labels.count - positives) NORMAL")
        }
        let baseLogits = model.logits(images: films.images)
        let foldSeed = SplitMix64(seed: seed)
        func fit(_ logits: [Double]) -> SiteAdaptation.Result {
            var rng = foldSeed   // the same folds for both candidates
            return SiteAdaptation.fit(logits: logits, labels: films.labels, groups: films.patients,
                                      base: (model.calibration, model.threshold), folds: folds, using: &rng)
        }
        var result = fit(baseLogits)
        var method = "Platt scaling and threshold refitted"
        let negatives = films.labels.count - positives
        if fineTune == nil && min(positives, negatives) < Self.fineTuneMinimum {
            note("adapt: fine-tuning skipped: the site has \(negatives) NORMAL and \(positives) PNEUMONIA films; "
                        + "it is tried with \(Self.fineTuneMinimum) of each (--fine-tune forces it)\n")
        }
        if fineTune ?? (min(positives, negatives) >= Self.fineTuneMinimum) {
            let original = model.network.namedTensors
            let tuned = fit(try fineTuneCrossValidated(model: model, films: films, rng: foldSeed, progress: progress))
            let tunedMethod = "network fine-tuned (\(recipe.description)\(mix == nil ? "; site films only" : "")); Platt scaling and threshold fitted on out-of-fold logits"
            // Kept only when it wins on both: a lower log loss alone came with lower accuracy on
            // the development site (0.925 vs 0.940 cross-validated, 319 films).
            let keep = fineTune == true || (tuned.crossValidatedLogLoss < result.crossValidatedLogLoss
                                            && tuned.after.accuracy >= result.after.accuracy)
            if fineTune == nil {
                note("adapt: fine-tuning \(keep ? "kept" : "not kept"): cross-validated log loss "
                            + String(format: "%.4f fine-tuned vs %.4f recalibrated only, accuracy %.4f vs %.4f\n",
                                     tuned.crossValidatedLogLoss, result.crossValidatedLogLoss, tuned.after.accuracy, result.after.accuracy))
            }
            if keep {
                result = tuned
                method = tunedMethod
            } else {
                try model.network.load(namedTensors: original)
            }
        }
        result.before = BinaryMetrics(probabilities: baseLogits.map { model.calibration.probability(logit: $0) },
                                      labels: films.labels, threshold: model.threshold)
        if result.calibration.slope <= Calibration.minimumSlope * 1.01 {
            note("adapt: warning: the model's scores do not rank this site's films (best slope <= 0); the adapted model gives nearly the same probability to every film\n")
        }
        if result.after.ece > result.before.ece {
            note(String(format: "adapt: note: the cross-validated ECE (%.3f) is higher than the model's own on these films (%.3f): "
                               + "each fold's calibration is fitted on %d films or fewer, and ECE over 10 bins is noisy at this size; "
                               + "compare the log loss and accuracy too\n", result.after.ece, result.before.ece,
                               films.labels.count - films.labels.count / folds))
        }
        let beforeLogLoss = meanLogLoss(probabilities: baseLogits.map { model.calibration.probability(logit: $0) }, labels: films.labels)
        let previousID = model.id
        model.calibration = result.calibration
        model.threshold = result.threshold
        let before = ModelFinisher.metricsJSON(result.before, n: films.labels.count)
        let after = ModelFinisher.metricsJSON(result.after, n: films.labels.count)
        model.recordLabelledAdaptation(site: site, films: films.labels.count, pneumonia: positives, fromModel: previousID,
                                       date: date, method: method, folds: folds,
                                       before: before, after: after)
        return LabelledAdaptation(model: model, previousID: previousID, films: films.labels.count, pneumonia: positives,
                                  before: result.before, after: result.after, beforeLogLoss: beforeLogLoss,
                                  afterLogLoss: result.crossValidatedLogLoss, method: method)
    }

    /// Adapts `model` and writes the adapted model to `out`, printing before/after metrics.
    public func run(model: PneumoniaModel) throws {
        if let unlabelled { return try adaptWithoutLabels(model: model, folder: unlabelled) }
        let size = model.preprocessing.inputSize
        let films = try labelled.map { try SiteFilms.labelled($0, size: size) }
            ?? SiteFilms.fromFeedback(csv: feedback!, study: study!, size: size)
        let adapted = try adapt(model: model, films: films, date: ISO8601DateFormatter().string(from: Date()))
        let (previousID, positives) = (adapted.previousID, adapted.pneumonia)
        let result = (before: adapted.before, after: adapted.after)
        let before = ModelFinisher.metricsJSON(result.before, n: films.labels.count)
        let after = ModelFinisher.metricsJSON(result.after, n: films.labels.count)
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        if json {
            var summary = JSONObject()
            summary.integer("films", films.labels.count)
            summary.raw("before", before)
            summary.raw("after_cross_validated", after)
            print(summary.text)
        } else {
            print("site \(site): \(films.labels.count) films (\(positives) PNEUMONIA), \(folds)-fold cross-validation by patient")
            print("before (model as given):\n" + EvaluationReport.table(result.before, modelID: previousID))
            print("\nafter (cross-validated):\n" + EvaluationReport.table(result.after, modelID: model.id))
            print("\nwrote \(out)")
        }
    }

    /// `--unlabelled`: batch-norm statistics re-estimated on the site's films; labels, if the
    /// folder has any, are not read.
    private func adaptWithoutLabels(model: PneumoniaModel, folder: String) throws {
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let images = loader.load(loader.scan([folder]), progressLabel: "load").map(\.image)
        guard images.count >= 2 else { throw CommandFailure("\(folder): need at least 2 readable films, found \(images.count)") }
        let before = model.probabilities(images: images)
        let previousID = model.id
        let used = model.adaptBatchNormalisation(to: images)
        let after = model.probabilities(images: images)
        func share(_ p: [Double]) -> Double { Double(p.filter(model.predictsPneumonia).count) / Double(p.count) }
        model.recordUnlabelledAdaptation(site: site, films: images.count, used: used, fromModel: previousID,
                                         date: ISO8601DateFormatter().string(from: Date()),
                                         shareBefore: share(before), shareAfter: share(after))
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        print("site \(site): batch-norm statistics re-estimated on \(used) of \(images.count) films (no labels used)")
        print(String(format: "films predicted PNEUMONIA at threshold %.4f: %.3f before, %.3f after", model.threshold, share(before), share(after)))
        print("wrote \(out) (\(model.id))")
        if !loader.failures.isEmpty { throw CommandFailure("\(loader.failures.count) film\(loader.failures.count == 1 ? "" : "s") could not be read (named above); the model was adapted on the rest") }
    }
}
