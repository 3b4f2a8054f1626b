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
        discussion: "PATH may be a film (JPEG, PNG or DICOM, found by content) or a folder (searched recursively). A file that cannot be read is named on stderr with the reason and skipped; the exit status is 1 when any failed.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, jsonl }

    @Argument(help: "Films (JPEG, PNG, DICOM) or folders.") var paths: [String]
    @OptionGroup var model: ModelOption
    @Option(name: .long, help: "Output format: table, csv or jsonl.") var format: Format = .table
    @Flag(name: .long, help: "Follow symlinks that lead out of a study folder (skipped by default).") var followLinks = false

    func run() throws {
        let model = try self.model.load()
        let size = model.preprocessing.inputSize
        var loader = FilmLoader(fittingAtLeast: (size, size))
        loader.followsLinksOutOfRoot = followLinks
        let cases = loader.scan(paths)
        let unscannable = loader.failures.count   // paths that gave no film at all
        for file in loader.skipped { writeStderr("predict: \(visible(file.description))\n") }
        let progress = cases.count > 64 ? ProgressReporter(label: "predict", total: cases.count, unit: "films") : nil
        printHeader()
        var failedFilms = 0
        PredictPipeline.run(cases, loader: &loader, model: model, checksums: true) { batch in
            for ((film, sha), p) in zip(zip(batch.films, batch.shas), batch.probabilities) {
                // A non-finite probability is never printed: the film counts as failed.
                guard p.isFinite else {
                    failedFilms += 1
                    writeStderr("lightbox: \(visible(film.absolutePath)): the model gave a non-finite probability\n")
                    continue
                }
                printRow(path: film.relativePath == "" ? film.absolutePath : displayPath(film), sha: sha, p: p,
                         label: model.predictedLabel(p).rawValue, modelID: model.id)
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

    private func displayPath(_ film: LoadedFilm) -> String {
        paths.count == 1 ? film.relativePath : film.absolutePath
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
            // Control characters are shown escaped, so a row stays one line and cannot drive a terminal.
            print([path, sha, probability, label, modelID].map { FeedbackCSV.encodeField(FeedbackCSV.escapeSpreadsheet(visible($0))) }.joined(separator: ","))
        case .jsonl:
            let fields = [("path", JSONText.string(path)), ("sha256", JSONText.string(sha)), ("p_pneumonia", probability),
                          ("predicted_label", JSONText.string(label)), ("model_id", JSONText.string(modelID))]
            print(fields.reduce(into: JSONObject()) { row, field in row.raw(field.0, field.1) }.text)
        }
    }
}
