import Foundation
import ArgumentParser
import Workflows

/// `lightbox export`: writes one CSV row per (image, reviewer) with the standing verdict.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the standing verdicts of a feedback log as CSV for training.",
        discussion: """
            Reads STUDY_DIR/.lightbox/feedback.csv (or the per-user fallback log used when the \
            study folder was read-only), or the log given with --log, and writes one row per \
            (image, reviewer) with the latest standing verdict and label_for_training.
            """)

    @Argument(help: "The study folder whose feedback log to export.")
    var studyDir: String?

    @Option(name: .customLong("log"), help: "Read this feedback log instead of the study's.")
    var logFile: String?

    @Option(name: .customLong("out"), help: "The CSV file to write, or - for standard output.")
    var outFile: String

    func validate() throws {
        if studyDir == nil && logFile == nil {
            throw ValidationError("give a study folder or --log FILE")
        }
        if studyDir != nil && logFile != nil {
            throw ValidationError("give a study folder or --log FILE, not both")
        }
    }

    func run() throws {
        let store = try ExportSession.store(study: studyDir, logFile: logFile)
        let report = try ExportSession.run(store: store, out: outFile)
        for warning in report.warnings { writeStderr("warning: \(warning)\n") }
        if let csv = report.standardOutput { FileHandle.standardOutput.write(Data(csv.utf8)) }
        let destination = outFile == "-" ? "standard output" : outFile
        writeStderr("wrote \(report.rows) row\(report.rows == 1 ? "" : "s") from \(report.source) to \(destination)\n")
    }
}
