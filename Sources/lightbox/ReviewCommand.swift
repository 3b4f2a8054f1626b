import ReviewApp
import ArgumentParser
import Foundation

extension ReviewSession.Graphics: ExpressibleByArgument, DescribedChoice {
    var gloss: String? {
        switch self {
        case .auto: "ask the terminal; block characters inside tmux"
        case .kitty, .sixel: nil
        case .off: "block characters"
        }
    }
}

/// `lightbox review` (the default command): browse a study's films with the model's
/// probability and record agree/disagree verdicts in the feedback log.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a study's films in the terminal and record verdicts (the default command).",
        discussion: """
            Opens STUDY_DIR (the bundled demo study when none is given), shows each film with the \
            model's probability, and appends every verdict at once, synced, to \
            STUDY_DIR/.lightbox/feedback.csv (or --log FILE). Press ? in the review for the keys.

            Keys:
            \(ReviewSession.keyTable)
            """)

    @Argument(help: "The study folder (default: the bundled demo study).")
    var studyDir: String?

    @OptionGroup var modelFile: ModelOption

    // Unconditional: a name such as "-1+1" is a value, not an option.
    @Option(parsing: .unconditional, help: "Your name in the feedback log (default: the login name).")
    var reviewer: String?

    @Option(name: .customLong("log"), help: "Append verdicts to this file instead of the study's log.")
    var logFile: String?

    @Option(help: "Operating threshold in 0...1 (default: the model's).")
    var threshold: Double?

    @Flag(name: .customLong("adapt-study"),
          help: "Adapt the model to this study on opening: re-estimate its batch-norm statistics on the study's films (no labels; the A key does the same later).")
    var adaptStudy = false

    @Flag(name: .long, help: "Hide identifying header fields (patient ID and name, study date) on screen; the P key toggles it.")
    var anonymise = false

    @Flag(name: .long, help: "Name every file of the study that is not a film (with its kind) on stderr before the review opens.")
    var listSkipped = false

    typealias Graphics = ReviewSession.Graphics

    @Option(help: "Film drawing: \(Graphics.choiceList); default: LIGHTBOX_GRAPHICS, else auto.")
    var graphics: Graphics?

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) {
            throw ValidationError("--threshold must be between 0 and 1, got \(threshold)")
        }
        if let reviewer, reviewer.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--reviewer must not be empty")
        }
    }

    func run() throws {
        let session = ReviewSession(studyDir: studyDir, modelPath: modelFile.path, reviewer: reviewer, logFile: logFile,
                                    threshold: threshold, adaptStudy: adaptStudy, anonymise: anonymise,
                                    listSkipped: listSkipped, graphics: graphics)
        try session.run(startedAt: DispatchTime.now().uptimeNanoseconds)
    }
}
