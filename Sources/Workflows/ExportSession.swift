import Feedback
import Foundation
import Storage

/// `lightbox export`'s work: the standing verdicts of a feedback store as the training CSV.
public struct ExportSession {
    /// What an export did, for the command to print.
    public struct Report: Sendable, Equatable {
        /// Rows written (one per image and reviewer with a standing verdict).
        public var rows: Int
        /// Records the store skipped while reading, one line each.
        public var warnings: [String]
        /// The store read (a log file's path).
        public var source: String
        /// The CSV, when `out` was `-` (standard output, as Unix tools do): the command prints it.
        public var standardOutput: String?
    }

    /// The store to read: the log file given, else the study's log (or the per-user fallback
    /// used when the study folder was read-only). Throws when there is none.
    public static func store(study: String?, logFile: String?,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any FeedbackStore {
        if let logFile {
            guard FileManager.default.fileExists(atPath: logFile) else {
                throw CommandFailure("\(logFile): no such feedback log")
            }
            return FeedbackLogStore(path: logFile)
        }
        let study = study ?? "."
        // The study's own log and the per-user fallback both: verdicts saved while the study
        // could not be written are in the fallback.
        let paths = FeedbackLog.studyLogPaths(studyRoot: study, environment: environment)
        guard let first = paths.first else {
            throw CommandFailure("\(study): no feedback log (looked for \(FeedbackLog.primaryPath(studyRoot: study)) and \(FeedbackLog.fallbackPath(studyRoot: study, environment: environment)))")
        }
        return FeedbackLogStore(path: first, alsoReading: Array(paths.dropFirst()))
    }

    /// Writes the standing verdicts of `store` to `out` (atomically) and says what it did.
    public static func run(store: any FeedbackStore, out: String) throws -> Report {
        let contents: FeedbackSnapshot
        do {
            contents = try store.readAll()
        } catch {
            throw CommandFailure(String(describing: error))
        }
        let rows = FeedbackExport.rows(from: contents.records)
        let text = FeedbackExport.csvText(rows)
        if out == "-" {
            return Report(rows: rows.count, warnings: contents.warnings, source: (store as? FeedbackLogStore)?.sources ?? store.location, standardOutput: text)
        }
        do {
            try FeedbackExport.write(text, to: out)
        } catch {
            throw CommandFailure(error.description)
        }
        return Report(rows: rows.count, warnings: contents.warnings, source: (store as? FeedbackLogStore)?.sources ?? store.location)
    }
}
