import ArgumentParser
import Classifier
import Foundation
import Imaging
import NeuralNet
import Storage
import Training

/// `lightbox adapt`: makes a model right for a site from films labelled there.
struct AdaptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Re-calibrate (Platt) and re-threshold a model on a site's labelled films.",
        discussion: """
            Labels come from --labelled DIR (NORMAL/ and PNEUMONIA/ subfolders) or from the review \
            TUI's export (--feedback CSV with --study DIR, matched by SHA-256). Prints cross-validated \
            metrics on those films before and after (folds never split a patient) and writes a new \
            model whose card records the adaptation. A CNN trained at one hospital is miscalibrated at \
            the next; this is how reviewers' verdicts make it right for theirs.
            """)

    @Option(name: .long, help: "Model file to write.") var out: String
    @Option(name: .long, help: "Folder with NORMAL/ and PNEUMONIA/ subfolders of the site's films.") var labelled: String?
    @Option(name: .long, help: "Exported reviewer CSV (lightbox export).") var feedback: String?
    @Option(name: .long, help: "The study folder the feedback CSV refers to.") var study: String?
    @Option(name: .long, help: "Model to adapt (default: the bundled model).") var model: String?
    @Option(name: .long, help: "Site name recorded in the card.") var site: String = "site"
    @Option(name: .long, help: "Cross-validation folds.") var folds: Int = 5
    @Option(name: .long, help: "Seed of the fold assignment.") var seed: UInt64 = 1
    @Flag(name: .long, help: "Print the before/after metrics as JSON.") var json = false

    func validate() throws {
        guard (labelled == nil) != (feedback == nil) else {
            throw ValidationError("give either --labelled DIR or --feedback CSV --study DIR")
        }
        if feedback != nil && study == nil { throw ValidationError("--feedback needs --study DIR") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        let model = try ModelLoader.load(self.model)
        let size = model.preprocessing.inputSize
        let films = try labelled.map { try SiteFilms.labelled($0, size: size) }
            ?? SiteFilms.fromFeedback(csv: feedback!, study: study!, size: size)
        let positives = films.labels.reduce(0, +)
        guard positives >= 2, films.labels.count - positives >= 2 else {
            throw ValidationErrorLine("need at least 2 labelled films of each class, have \(positives) PNEUMONIA and \(films.labels.count - positives) NORMAL")
        }
        let logits = model.logits(images: films.images)
        var rng = SplitMix64(seed: seed)
        let result = SiteAdaptation.fit(logits: logits, labels: films.labels, groups: films.patients,
                                        base: (model.calibration, model.threshold), folds: folds, using: &rng)
        let previousID = model.id
        model.calibration = result.calibration
        model.threshold = result.threshold
        let before = ModelFinisher.metricsJSON(result.before, n: films.labels.count)
        let after = ModelFinisher.metricsJSON(result.after, n: films.labels.count)
        var history = model.card["adaptation"].map { $0 + "\n" } ?? ""
        history += "{\"site\": \(jsonString(site)), \"films\": \(films.labels.count), \"pneumonia\": \(positives), "
            + "\"from_model\": \(jsonString(previousID)), \"date\": \"\(ISO8601DateFormatter().string(from: Date()))\", "
            + "\"method\": \"Platt scaling (slope \(String(format: "%.4f", result.calibration.slope)), intercept \(String(format: "%.4f", result.calibration.intercept))) and threshold refitted; \(SiteAdaptation.rule)\", "
            + "\"cv_folds\": \(folds), \"before\": \(before), \"after_cross_validated\": \(after)}"
        model.card["adaptation"] = history
        model.card["threshold_rule"] = "adapted to site \(site): " + SiteAdaptation.rule
        model.card["calibration_method"] = "Platt scaling fitted on \(films.labels.count) labelled films of site \(site)"
        model.card["model_id"] = "\(model.card["name"] ?? "model")-\(site)-\(model.weightsFingerprint().prefix(6))\(String(format: "%04x", Int(result.threshold * 65535) & 0xFFFF))"
        try AtomicFile.write(model.safetensorsBytes(), to: out)
        if json {
            print("{\"films\": \(films.labels.count), \"before\": \(before), \"after_cross_validated\": \(after)}")
        } else {
            print("site \(site): \(films.labels.count) films (\(positives) PNEUMONIA), \(folds)-fold cross-validation by patient")
            print("before (model as given):\n" + EvaluationReport.table(result.before, modelID: previousID))
            print("\nafter (cross-validated):\n" + EvaluationReport.table(result.after, modelID: model.id))
            print("\nwrote \(out)")
        }
    }
}
