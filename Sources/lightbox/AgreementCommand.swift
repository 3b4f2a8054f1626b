import ReviewApp
import ArgumentParser
import Foundation
import Statistics
import ReviewCore
import Storage
import TeamStore

/// `lightbox agreement`: how far the readers of a study agree, pair by pair and all together.
struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Reader agreement on a study: kappa, AC1, Fleiss' kappa, consensus.",
        discussion: """
            Reads the standing verdicts of every reviewer in the study's feedback log (or the CSV \
            log given with --store, or with a postgresql:// URL the team store's rows filed under \
            the study folder's name, adjudications included) and prints, for each pair of readers over the films both labelled: \
            the number of films, percent agreement, Cohen's kappa and Gwet's AC1 with bootstrap 95% \
            intervals (1,000 resamples of those films, --seed); then Fleiss' kappa over all readers, \
            each reader against the consensus (the adjudicated label, else the majority of the \
            standing labels; a tie gives none) \
            and the confusion matrices (NORMAL, PNEUMONIA). Deferred films carry no label and do not count.
            """)

    @Argument(help: "The study folder whose feedback log to read.")
    var studyDir: String

    @Option(name: .customLong("store"), help: "Read this feedback log (a CSV file) or team store (postgresql://...) instead of the study's log.")
    var store: String?

    @Option(name: .customLong("seed"), help: "Seed of the bootstrap resamples.")
    var seed: UInt64 = 1

    @OptionGroup var json: JSONOption

    func run() throws {
        let records = try StoreLocation(store: store, studyDir: studyDir).readRecords()
        let agreement = ReaderAgreement(AgreementReport.study(from: records.reads, adjudications: records.adjudications), seed: seed)
        print(json.enabled ? AgreementReport.json(agreement) : AgreementReport.table(agreement), terminator: json.enabled ? "\n" : "")
    }
}

/// Where a command reads verdicts from: `--store` (a CSV log path or a postgresql:// URL) or
/// the study's own log.
struct StoreLocation {
    var store: String?
    var studyDir: String

    /// The study's key on a team store: the study folder's name.
    var studyKey: String { URL(fileURLWithPath: studyDir).standardizedFileURL.lastPathComponent }

    /// The readers' records and (from a team store) the adjudicators'; a CSV log's skipped
    /// lines are warned about on stderr.
    func readRecords() throws -> (reads: [FeedbackRecord], adjudications: [FeedbackRecord]) {
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
