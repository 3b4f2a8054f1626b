import ReviewApp
import ArgumentParser
import Foundation
import Workflows

extension PredictOutput: ExpressibleByArgument, DescribedChoice {}

/// `lightbox predict`: P(pneumonia) for each film.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Print P(pneumonia) and the predicted label for each film.",
        discussion: "PATH may be a film (JPEG, PNG or DICOM, found by content) or a folder (searched recursively). Films are named as the command line named them: a file as given, a film in a folder as the folder given plus its path inside it (a relative argument stays relative), in every format. A file that cannot be read is named on stderr with the reason and skipped; the exit status is 1 when any failed.")

    typealias Format = PredictOutput

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
            for ((film, sha), p) in zip(zip(batch.films, batch.shas), batch.probabilities) {
                // A non-finite probability is never printed: the film counts as failed.
                guard p.isFinite else {
                    failedFilms += 1
                    writeStderr("lightbox: \(visible(names.pathAsGiven(film))): the model gave a non-finite probability\n")
                    continue
                }
                printRow(path: names.pathAsGiven(film), sha: sha, p: p,
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

    private func printHeader() {
        if let header = format.header { print(header) }
    }

    private func printRow(path: String, sha: String, p: Double, label: String, modelID: String) {
        print(format.row(path: path, sha: sha, p: p, label: label, modelID: modelID))
    }
}
