import Feedback
import Foundation
import Storage
import TeamStore

/// Where a command reads verdicts from: `--store` (a CSV log path or a postgresql:// URL) or
/// the study's own log.
public struct StoreLocation {
    public var store: String?
    public var studyDir: String

    /// Verdicts from `store` when given, else from the study's own log.
    public init(store: String?, studyDir: String) { (self.store, self.studyDir) = (store, studyDir) }

    /// The study's key on a team store: the study folder's name.
    public var studyKey: String { URL(fileURLWithPath: studyDir).standardizedFileURL.lastPathComponent }

    /// The readers' records and (from a team store) the adjudicators'; a CSV log's skipped
    /// lines are warned about on stderr.
    public func readRecords() throws -> (reads: [FeedbackRecord], adjudications: [FeedbackRecord]) {
        let path: String
        if let store {
            if StoreURL.isPostgres(store) {
                let rows: [SpoolEntry]
                do {
                    rows = try TeamStore(url: store, study: studyKey, spoolPath: NSTemporaryDirectory() + "lightbox-unused-spool").rows()
                } catch { throw CommandFailure(error.description) }
                return (rows.filter { $0.kind == .read }.map(\.record), rows.filter { $0.kind == .adjudication }.map(\.record))
            }
            guard FileManager.default.fileExists(atPath: store) else { throw CommandFailure("\(store): no such feedback log") }
            path = store
        } else {
            let environment = ProcessInfo.processInfo.environment
            guard let found = FeedbackLog.existingLocation(studyRoot: studyDir, environment: environment) else {
                throw CommandFailure("\(studyDir): no feedback log (looked for \(FeedbackLog.primaryPath(studyRoot: studyDir)) and \(FeedbackLog.fallbackPath(studyRoot: studyDir, environment: environment)))")
            }
            path = found
        }
        let contents: FeedbackLogContents
        do { contents = try FeedbackLog.read(path: path) } catch { throw CommandFailure(error.description) }
        for warning in contents.warnings { writeStderr("warning: \(warning)\n") }
        return (contents.records, [])
    }
}
