import ReviewApp
import ArgumentParser
import Classifier
import Foundation
import NeuralNet
import Storage
import Workflows

/// `lightbox predict`: P(pneumonia) for each film.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Print P(pneumonia) and the predicted label for each film.",
        discussion: "PATH may be a film (JPEG, PNG or DICOM, found by content) or a folder (searched recursively). Films are named as the command line named them: a file as given, a film in a folder as the folder given plus its path inside it (a relative argument stays relative), in every format. A file that cannot be read is named on stderr with the reason and skipped; the exit status is 1 when any failed.")

    enum Format: String, ExpressibleByArgument, DescribedChoice { case table, csv, jsonl }

    @Argument(help: "Films (JPEG, PNG, DICOM) or folders.") var paths: [String]
    @OptionGroup var model: ModelOption
    @Option(name: .long, help: "Output format: \(Format.choiceList).") var format: Format = .table
    @Flag(name: .long, help: "Follow symlinks that lead out of a study folder (skipped by default).") var followLinks = false

    func run() throws {
        let model = try self.model.load()
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        loader.followsLinksOutOfRoot = followLinks
        let cases = loader.scan(paths)
        let names = loader   // the scan's names, read while the pipeline owns `loader`
        let unscannable = loader.failures.count   // paths that gave no film at all
        for file in loader.skipped { writeStderr("predict: \(visible(file.description))\n") }
        let progress = cases.count > 64 ? ProgressReporter(label: "predict", total: cases.count, unit: "films") : nil
        printHeader()
        var failedFilms = 0
        PredictPipeline.run(cases, loader: &loader, model: model, checksums: true) { batch in
            for ((film, sha), z) in zip(zip(batch.films, batch.shas), batch.logits) {
                let p = model.calibration.probability(logit: z)
                // A non-finite probability is never printed: the film counts as failed.
                guard p.isFinite else {
                    failedFilms += 1
                    writeStderr("lightbox: \(visible(names.pathAsGiven(film))): the model gave a non-finite probability\n")
                    continue
                }
                printRow(path: names.pathAsGiven(film), sha: sha, p: p,
                         label: model.predictsPneumonia(p) ? "PNEUMONIA" : "NORMAL", modelID: model.id)
            }
            progress?.advance(by: batch.cases)
        }
        progress?.finish()
        if !loader.failures.isEmpty || failedFilms > 0 {
            let total = cases.count + unscannable
            writeStderr("predict: \(loader.failures.count + failedFilms) of \(total) input\(total == 1 ? "" : "s") failed\n")
            throw ExitCode(1)
        }
    }

    private func printHeader() {
        switch format {
        case .table: print("path".padding(toLength: 48, withPad: " ", startingAt: 0) + "  p_pneumonia  label      model")
        case .csv: print("path,sha256,p_pneumonia,predicted_label,model_id")
        case .jsonl: break
        }
    }

    private func printRow(path: String, sha: String, p: Double, label: String, modelID: String) {
        let probability = String(format: "%.4f", p)
        switch format {
        case .table:
            let (path, modelID) = (visible(path), visible(modelID))
            print(path.padding(toLength: max(48, path.count), withPad: " ", startingAt: 0) + "  " + probability
                  + "       " + label.padding(toLength: 9, withPad: " ", startingAt: 0) + "  " + modelID)
        case .csv:
            // The export's rule: control characters escaped (reversibly), so a row stays one line.
            print(FeedbackCSV.outputRow([path, sha, probability, label, modelID]))
        case .jsonl:
            let fields = [("path", JSONText.string(path)), ("sha256", JSONText.string(sha)), ("p_pneumonia", probability),
                          ("predicted_label", JSONText.string(label)), ("model_id", JSONText.string(modelID))]
            print(fields.reduce(into: JSONObject()) { row, field in row.raw(field.0, field.1) }.text)
        }
    }
}
