import ReviewApp
import ArgumentParser
import Foundation
import Storage

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
        let logPath: String
        if let logFile {
            guard FileManager.default.fileExists(atPath: logFile) else {
                throw CommandFailure("\(logFile): no such feedback log")
            }
            logPath = logFile
        } else {
            let study = studyDir!
            let environment = ProcessInfo.processInfo.environment
            guard let found = FeedbackLog.existingLocation(studyRoot: study, environment: environment) else {
                throw CommandFailure("\(study): no feedback log (looked for \(FeedbackLog.primaryPath(studyRoot: study)) and \(FeedbackLog.fallbackPath(studyRoot: study, environment: environment)))")
            }
            logPath = found
        }
        let contents: FeedbackLogContents
        do {
            contents = try FeedbackLog.read(path: logPath)
        } catch {
            throw CommandFailure(error.description)
        }
        for warning in contents.warnings { writeStderr("warning: \(warning)\n") }
        let rows = FeedbackExport.rows(from: contents.records)
        let text = FeedbackExport.csvText(rows)
        if outFile == "-" {
            // As Unix tools do: `-` is standard output (the rows only; the summary goes to stderr).
            FileHandle.standardOutput.write(Data(text.utf8))
        } else {
            do {
                try FeedbackExport.write(text, to: outFile)
            } catch {
                throw CommandFailure(error.description)
            }
        }
        let destination = outFile == "-" ? "standard output" : outFile
        writeStderr("wrote \(rows.count) row\(rows.count == 1 ? "" : "s") from \(logPath) to \(destination)\n")
    }
}
