import Classifier
import Foundation
import Imaging
import JSONWriter
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

    /// Fine-tuning's default epochs and peak learning rate (`FineTuning.Recipe`'s).
    public static let defaultFineTuneEpochs = FineTuning.Recipe().epochs
    public static let defaultFineTuneLr = FineTuning.Recipe().learningRate

    /// Films of each class a site needs before fine-tuning is tried by default.
    public static let fineTuneMinimum = 40
    /// Labelled films the development site's learning curve says a head refit needs to beat
    /// the shipped model (README, "Which films to label first": the head refit reaches the
    /// recalibrated accuracy from about 100 labels).
    public static let labelsSuggested = 100
    /// Replace an existing model at `out`, and write even an adaptation that is not better.
    public var force = false
    /// Try the head refit (on by default).
    public var headRefit = true
    /// The adaptation to ship: nil chooses by cross-validation; otherwise a candidate's name
    /// ("recalibration", "head refit", "fine-tune"; head refit covers both batch-norm variants).
    public var method: String? = nil
    /// Head refits to try: without (false) and/or with (true) batch-norm statistics
    /// re-estimated on the site first; the cross-validation keeps the better.
    public var headRefitBatchNorm: [Bool] = [false]

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

    /// What an adaptation did, for the command to print: the lines for stdout (before/after
    /// metrics, as text or one JSON object) and, when the command must exit non-zero after
    /// printing them, why (films that could not be read, an adaptation that is not better).
    public struct Report {
        public var lines: [String] = []
        public var failure: CommandFailure?
    }

    /// One way of adapting, judged by cross-validation on the site's films.
    struct Candidate {
        var name: String
        /// The method as the card records it.
        var method: String
        var result: SiteAdaptation.Result
        /// Turns the input model into this candidate (calibration and threshold set later).
        var apply: (PneumoniaModel) throws -> Void
    }

    /// Candidate head refits (with and without batch-norm statistics re-estimated on the site
    /// first, as `headRefitBatchNorm` says), judged on the same folds as `fit`.
    private func headRefitCandidates(model: PneumoniaModel, films: SiteFilms, baseLogits: [Double],
                                     fit: ([Double]) -> SiteAdaptation.Result, note: (String) -> Void) throws -> [Candidate] {
        guard let base = model.head else {
            note("adapt: head refit skipped: the network does not end in global average pooling and one dense output\n")
            return []
        }
        var candidates: [Candidate] = []
        for adaBN in headRefitBatchNorm {
            let source = adaBN ? model.copy() : model
            if adaBN { source.adaptBatchNormalisation(to: films.images) }
            let logits = adaBN ? source.logits(images: films.images) : baseLogits
            let rows = HeadRefit.design(features: try source.headFeatures(images: films.images), baseLogits: logits)
            var foldRNG = SplitMix64(seed: seed)
            let assignment = SiteAdaptation.foldAssignment(groups: films.patients, labels: films.labels, folds: folds, using: &foldRNG)
            let nested = try HeadRefit.nestedOutOfFoldLogits(rows: rows, labels: films.labels, groups: films.patients,
                                                             assignment: assignment, folds: folds, seed: seed)
            let (c, _, _) = try HeadRefit.chooseInverseStrength(rows: rows, labels: films.labels, groups: films.patients,
                                                             folds: folds, seed: seed)
            let head = try HeadRefit.fit(rows: rows, labels: films.labels, inverseStrength: c)
            let features = base.weights.count
            let name = adaBN ? "head refit after AdaBN" : "head refit"
            let method = (adaBN ? "batch-norm statistics re-estimated on the site's \(films.labels.count) films (AdaBN), then " : "")
                + "head refitted: L2 logistic regression on the \(features) pooled features plus the base logit (standardised; base logit unpenalised; Platt's smoothed targets), "
                + "C = \(c) chosen by \(folds)-fold cross-validation by patient from \(HeadRefit.inverseStrengths) "
                + "(nested cross-validation chose \(nested.chosen.map { "\($0)" }.joined(separator: ", ")) in the outer folds), folded into the dense layer; "
                + "Platt scaling and threshold fitted on nested out-of-fold logits"
            note("adapt: \(name): C = \(c) by \(folds)-fold cross-validation by patient; nested cross-validation chose \(nested.chosen.map { "\($0)" }.joined(separator: ", "))\n")
            candidates.append(Candidate(name: name, method: method, result: fit(nested.logits)) { target in
                if adaBN { target.adaptBatchNormalisation(to: films.images) }
                let folded = head.dense(baseWeights: base.weights, baseBias: base.bias)
                try target.setHead(weights: folded.weights, bias: folded.bias)
            })
        }
        return candidates
    }

    /// What one adaptation from labels found, before anything is written.
    public struct LabelledAdaptation {
        /// The adapted model (the one given, changed in place when `better` or forced), its card
        /// recording the adaptation.
        public var model: PneumoniaModel
        /// The model's id before.
        public var previousID: String
        /// Labelled films, and of those PNEUMONIA.
        public var films: Int, pneumonia: Int
        /// The model as given on all the films, and the adapted one cross-validated.
        public var before: BinaryMetrics, after: BinaryMetrics
        /// Mean log loss (nats per film) of the same two.
        public var beforeLogLoss: Double, afterLogLoss: Double
        /// The candidate chosen ("recalibration", "head refit", ...) and how, in words.
        public var chosen: String, method: String
        /// The never-worse gate's judgement (`AdaptationGate.judge`) of the chosen candidate
        /// against the model as given, on the same films.
        public var verdict: AdaptationGate.Verdict
        /// Every candidate's cross-validated figures (JSON), as the card records them.
        public var candidates: String
        /// Whether `model` was changed: the adaptation is better, or `force` was set.
        public var applied: Bool
    }

    /// Adapts `model` with `films`: recalibration, head refit and (with enough films)
    /// fine-tuning, judged on the same cross-validation folds by patient; the chosen one is
    /// applied in place and recorded in the card when the gate finds it better than the model
    /// as given, or when `force` is set; otherwise `model` is left as it was. Writes nothing.
    /// Notes go to `note`, fine-tuning progress to `progress` (stderr when nil).
    public func adapt(model: PneumoniaModel, films: SiteFilms, date: String, note: (String) -> Void = writeStderr,
                      progress: ((Int, Int) -> Void)? = nil) throws -> LabelledAdaptation {
        let positives = films.labels.reduce(0, +)
        guard positives >= 2, films.labels.count - positives >= 2 else {
            throw CommandFailure("need at least 2 labelled films of each class, have \(positives) PNEUMONIA and \(films.labels.count - positives) NORMAL")
        }
        let baseLogits = model.logits(images: films.images)
        let foldSeed = SplitMix64(seed: seed)
        func fit(_ logits: [Double]) -> SiteAdaptation.Result {
            var rng = foldSeed   // the same folds for every candidate
            return SiteAdaptation.fit(logits: logits, labels: films.labels, groups: films.patients,
                                      base: (model.calibration, model.threshold), folds: folds, using: &rng)
        }
        var candidates = [Candidate(name: "recalibration", method: "Platt scaling and threshold refitted", result: fit(baseLogits)) { _ in }]
        if headRefit { candidates += try headRefitCandidates(model: model, films: films, baseLogits: baseLogits, fit: fit, note: note) }
        let negatives = films.labels.count - positives
        if fineTune == nil && min(positives, negatives) < Self.fineTuneMinimum {
            note("adapt: fine-tuning skipped: the site has \(negatives) NORMAL and \(positives) PNEUMONIA films; "
                 + "it is tried with \(Self.fineTuneMinimum) of each (--fine-tune forces it)\n")
        }
        if fineTune ?? (min(positives, negatives) >= Self.fineTuneMinimum) {
            let original = model.network.namedTensors
            let tunedLogits = try fineTuneCrossValidated(model: model, films: films, rng: foldSeed, progress: progress)
            let tuned = model.network.namedTensors
            try model.network.load(namedTensors: original)
            candidates.append(Candidate(name: "fine-tune", method: "network fine-tuned (\(recipe.description)\(mix == nil ? "; site films only" : "")); Platt scaling and threshold fitted on out-of-fold logits",
                                        result: fit(tunedLogits)) { try $0.network.load(namedTensors: tuned) })
        }
        // The winner. The head refit nests recalibration (its C, chosen by cross-validation, says
        // how far to move from it), so it is the default; another candidate replaces it only when
        // its cross-validated log loss is lower by more than noise (one-sided 95% bound by
        // patient) and its accuracy no lower. On the development site the two tied by
        // cross-validation (log loss 0.1776 vs 0.1774), while on held-out halves of the site the
        // head refit generalised better (AUC 0.977 / 0.991 vs 0.976 / 0.986).
        let eligible = candidates.indices.filter { method == nil || candidates[$0].name.hasPrefix(method!) }
        guard var chosen = eligible.first(where: { candidates[$0].name == "head refit" }) ?? eligible.first else {
            throw CommandFailure("adapt: no candidate adaptation is called \(method ?? "")")
        }
        for i in eligible where i != chosen {
            let (c, best) = (candidates[i], candidates[chosen].result)
            let forced = fineTune == true && c.name == "fine-tune"
            let (_, low) = AdaptationGate.logLossGain(before: best.outOfFold, after: c.result.outOfFold,
                                                      labels: films.labels, patients: films.patients)
            if forced || (low > 0 && c.result.after.accuracy >= best.after.accuracy) { chosen = i }
        }
        let beforeProbabilities = baseLogits.map { model.calibration.probability(logit: $0) }
        let before = BinaryMetrics(probabilities: beforeProbabilities, labels: films.labels, threshold: model.threshold)
        let beforeLogLoss = meanLogLoss(probabilities: beforeProbabilities, labels: films.labels)
        func label(_ name: String) -> String { "adapt: " + name.padding(toLength: 24, withPad: " ", startingAt: 0) }
        note(label("model as given") + String(format: " log loss %.4f  accuracy %.4f  AUC %.4f  ECE %.4f\n",
                                              beforeLogLoss, before.accuracy, before.auc, before.ece))
        for (i, c) in candidates.enumerated() {
            note(label(c.name) + String(format: " log loss %.4f  accuracy %.4f  AUC %.4f  ECE %.4f (cross-validated)",
                                        c.result.crossValidatedLogLoss, c.result.after.accuracy, c.result.after.auc, c.result.after.ece)
                 + (i == chosen ? "  <- chosen\n" : "\n"))
        }
        let winner = candidates[chosen]
        let result = winner.result
        let verdict = AdaptationGate.judge(before: beforeProbabilities, beforeMetrics: before, after: result.outOfFold,
                                           afterMetrics: result.after, labels: films.labels, patients: films.patients)
        var figures = JSONObject()
        figures.number("model_as_given_log_loss", beforeLogLoss, format: "%.4f")
        for c in candidates {
            var one = JSONObject()
            one.number("log_loss", c.result.crossValidatedLogLoss, format: "%.4f")
            one.raw("metrics", ModelFinisher.metricsJSON(c.result.after, n: films.labels.count))
            figures.raw(c.name, one.text)
        }
        figures.string("chosen", winner.name)
        let previousID = model.id
        var adaptation = LabelledAdaptation(model: model, previousID: previousID, films: films.labels.count, pneumonia: positives,
                                            before: before, after: result.after, beforeLogLoss: beforeLogLoss,
                                            afterLogLoss: result.crossValidatedLogLoss, chosen: winner.name, method: winner.method,
                                            verdict: verdict, candidates: figures.text, applied: false)
        var warning: String? = nil
        if !verdict.better {
            guard force else { return adaptation }
            warning = "written with --force although not better than \(model.id) by cross-validation: \(verdict.reasons.joined(separator: "; "))"
            note("adapt: warning: \(warning!)\n")
        }
        if result.calibration.slope <= Calibration.minimumSlope * 1.01 {
            note("adapt: warning: the model's scores do not rank this site's films (best slope <= 0); the adapted model gives nearly the same probability to every film\n")
        }
        try winner.apply(model)
        model.calibration = result.calibration
        model.threshold = result.threshold
        model.recordLabelledAdaptation(site: site, films: films.labels.count, pneumonia: positives, fromModel: previousID,
                                       date: date, method: winner.method, folds: folds,
                                       before: ModelFinisher.metricsJSON(before, n: films.labels.count),
                                       after: ModelFinisher.metricsJSON(result.after, n: films.labels.count),
                                       candidates: figures.text, warning: warning)
        adaptation.applied = true
        return adaptation
    }

    /// Adapts `model` and writes the adapted model to `out`; returns the before/after metrics
    /// to print. When the adaptation is not better than the model as given (and not `force`),
    /// writes nothing and the report's failure says why (the command exits 1 after printing).
    public func run(model: PneumoniaModel) throws -> Report {
        try ModelOutput.check(out, force: force)
        if let unlabelled { return try adaptWithoutLabels(model: model, folder: unlabelled) }
        let size = model.preprocessing.inputSize
        let films = try labelled.map { try SiteFilms.labelled($0, size: size) }
            ?? SiteFilms.fromFeedback(csv: feedback!, study: study!, size: size)
        let adapted = try adapt(model: model, films: films, date: ISO8601DateFormatter().string(from: Date()))
        var report = Report()
        if !adapted.applied {
            let why = adapted.verdict.reasons.joined(separator: "; ")
            let advice = "the development site's learning curve suggests about \(Self.labelsSuggested) labelled films (both classes) before a head refit beats the shipped model; this site has \(adapted.films)"
            report.lines = json ? [summary(adapted, written: false)] : figures(adapted, modelID: "(not written)")
            report.failure = CommandFailure("adapt: the adapted model is not better than \(adapted.previousID) on these films (\(why)); nothing written to \(out). \(advice). --force writes it anyway")
            return report
        }
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        report.lines = json ? [summary(adapted, written: true)] : figures(adapted, modelID: model.id) + ["\nwrote \(out)"]
        return report
    }

    /// `--json`'s one object: the films, the candidate chosen, the figures before and after, the
    /// gate's judgement and whether the model was written.
    private func summary(_ adapted: LabelledAdaptation, written: Bool) -> String {
        var summary = JSONObject()
        summary.integer("films", adapted.films)
        summary.string("chosen", adapted.chosen)
        summary.raw("before", ModelFinisher.metricsJSON(adapted.before, n: adapted.films))
        summary.raw("after_cross_validated", ModelFinisher.metricsJSON(adapted.after, n: adapted.films))
        summary.raw("candidates", adapted.candidates)
        summary.number("log_loss_gain", adapted.verdict.logLossGain, format: "%.4f")
        summary.number("log_loss_gain_lower_bound", adapted.verdict.gainLowerBound, format: "%.4f")
        summary.bool("better", adapted.verdict.better)
        summary.bool("written", written)
        return summary.text
    }

    /// The before and after tables, with the log losses and the gate's gain.
    private func figures(_ adapted: LabelledAdaptation, modelID: String) -> [String] {
        [
            "site \(site): \(adapted.films) films (\(adapted.pneumonia) PNEUMONIA), \(folds)-fold cross-validation by patient, chosen: \(adapted.chosen)",
            "before (model as given):\n" + EvaluationReport.table(adapted.before, modelID: adapted.previousID),
            String(format: "log loss %.4f", adapted.beforeLogLoss),
            "\nafter (\(adapted.chosen), cross-validated):\n" + EvaluationReport.table(adapted.after, modelID: modelID),
            String(format: "log loss %.4f (gain %.4f nats per film, one-sided 95%% lower bound %.4f)", adapted.afterLogLoss,
                   adapted.verdict.logLossGain, adapted.verdict.gainLowerBound),
        ]
    }

    /// `--unlabelled`: batch-norm statistics re-estimated on the site's films; labels, if the
    /// folder has any, are not read.
    private func adaptWithoutLabels(model: PneumoniaModel, folder: String) throws -> Report {
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let images = loader.load(loader.scan([folder]), progressLabel: "load").map(\.image)
        guard images.count >= 2 else { throw CommandFailure("\(folder): need at least 2 readable films, found \(images.count)") }
        let before = model.probabilities(images: images)
        let previousID = model.id
        let used = model.adaptBatchNormalisation(to: images)
        let after = model.probabilities(images: images)
        func share(_ p: [Double]) -> Double { Double(p.filter { model.predictedLabel($0) == .pneumonia }.count) / Double(p.count) }
        model.recordUnlabelledAdaptation(site: site, films: images.count, used: used, fromModel: previousID,
                                         date: ISO8601DateFormatter().string(from: Date()),
                                         shareBefore: share(before), shareAfter: share(after))
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        var report = Report()
        if json {
            var summary = JSONObject()
            summary.integer("films", images.count)
            summary.integer("films_used", used)
            summary.number("threshold", model.threshold, format: "%.4f")
            summary.number("share_pneumonia_before", share(before), format: "%.4f")
            summary.number("share_pneumonia_after", share(after), format: "%.4f")
            summary.string("model_id", model.id)
            report.lines.append(summary.text)
        } else {
            report.lines.append("site \(site): batch-norm statistics re-estimated on \(used) of \(images.count) films (no labels used)")
            report.lines.append(String(format: "films predicted PNEUMONIA at threshold %.4f: %.3f before, %.3f after", model.threshold, share(before), share(after)))
            report.lines.append("wrote \(out) (\(model.id))")
        }
        if !loader.failures.isEmpty { report.failure = CommandFailure("\(loader.failures.count) film\(loader.failures.count == 1 ? "" : "s") could not be read (named above); the model was adapted on the rest") }
        return report
    }
}
