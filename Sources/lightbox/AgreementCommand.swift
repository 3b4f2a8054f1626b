import ArgumentParser
import Workflows

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
        let agreement = AgreementReport.agreement(records.reads, adjudications: records.adjudications, seed: seed)
        print(json.enabled ? AgreementReport.json(agreement) : AgreementReport.table(agreement), terminator: json.enabled ? "\n" : "")
    }
}
