import ReviewApp
import ArgumentParser
import Foundation
import Workflows
import Imaging
import Training

/// `lightbox evaluate`: the model's metrics on a labelled folder, at its own threshold.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the model on a folder with NORMAL/ and PNEUMONIA/ subfolders.",
        discussion: "Per-class precision, recall, F1 and support; accuracy, ROC AUC, sensitivity, specificity, the confusion matrix and the expected calibration error (10 bins), all at the model's own threshold. An unreadable or unlabelled film is named on stderr and makes the exit status 1; the metrics cover the rest.")

    @Argument(help: "Folder with NORMAL/ and PNEUMONIA/ subfolders.") var dataDir: String
    @OptionGroup var model: ModelOption
    @OptionGroup var json: JSONOption

    func run() throws {
        let model = try self.model.load()
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        let cases = loader.scan([dataDir])
        let films = loader.load(cases, progressLabel: cases.count > 200 ? "load" : nil)
        var images: [GrayImage] = [], labels: [Int] = []
        var unlabelledPaths: [String] = []
        for film in films {
            guard let label = film.label else {
                unlabelledPaths.append(film.relativePath)
                continue
            }
            images.append(film.image)
            labels.append(label == .pneumonia ? 1 : 0)
        }
        let unlabelled = unlabelledPaths.count
        // A folder without any labels is one mistake, said once; stray films in a labelled one are named.
        guard !labels.isEmpty else {
            throw CommandFailure(unlabelled > 0
                ? "\(dataDir): none of its \(unlabelled) film\(unlabelled == 1 ? " is" : "s are") under a NORMAL or PNEUMONIA folder, so there is no reference label to evaluate against (`lightbox predict` scores unlabelled films)"
                : "\(dataDir): no labelled films to evaluate")
        }
        for path in unlabelledPaths {
            writeStderr("lightbox: \(path): no NORMAL or PNEUMONIA folder above it, so no reference label\n")
        }
        let progress = images.count > 200 ? ProgressReporter(label: "evaluate", total: images.count, unit: "films") : nil
        var last = 0
        let probabilities = model.probabilities(images: images) { done in progress?.advance(by: done - last); last = done }
        progress?.finish()
        let metrics = BinaryMetrics(probabilities: probabilities, labels: labels, threshold: model.threshold)
        let view = ThresholdFreeView(probabilities: probabilities, labels: labels)
        print(json.enabled ? EvaluationReport.json(metrics, modelID: model.id, thresholdFree: view)
                   : EvaluationReport.table(metrics, modelID: model.id, thresholdFree: view))
        if unlabelled > 0 || !loader.failures.isEmpty { throw ExitCode(1) }
    }
}
