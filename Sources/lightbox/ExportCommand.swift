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

    @Option(name: .customLong("out"), help: "The CSV file to write.")
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
        let logPaths: [String]
        if let logFile {
            guard FileManager.default.fileExists(atPath: logFile) else {
                throw CommandFailure("\(logFile): no such feedback log")
            }
            logPaths = [logFile]
        } else {
            let study = studyDir!
            let environment = ProcessInfo.processInfo.environment
            // The study's own log and the per-user fallback both: verdicts saved while the
            // study could not be written are in the fallback.
            logPaths = FeedbackLog.studyLogPaths(studyRoot: study, environment: environment)
            guard !logPaths.isEmpty else {
                throw CommandFailure("\(study): no feedback log (looked for \(FeedbackLog.primaryPath(studyRoot: study)) and \(FeedbackLog.fallbackPath(studyRoot: study, environment: environment)))")
            }
        }
        let logPath = logPaths.joined(separator: " and ")
        let contents: FeedbackLogContents
        do {
            contents = try FeedbackLog.read(paths: logPaths)
        } catch {
            throw CommandFailure(error.description)
        }
        for warning in contents.warnings { writeStderr("warning: \(warning)\n") }
        let rows = FeedbackExport.rows(from: contents.records)
        do {
            try FeedbackExport.write(FeedbackExport.csvText(rows), to: outFile)
        } catch {
            throw CommandFailure(error.description)
        }
        writeStderr("wrote \(rows.count) row\(rows.count == 1 ? "" : "s") from \(logPath) to \(outFile)\n")
    }
}
