import ReviewApp
import ArgumentParser
import Foundation
import Workflows

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
        let report = try EvaluateSession(dataDir: dataDir).run(model: try model.load())
        print(report.text(json: json.enabled))
        if report.unlabelledCount > 0 || report.failureCount > 0 { throw ExitCode(1) }
    }
}
