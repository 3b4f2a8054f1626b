import CellGrid
import Imaging
import Feedback

/// The whole review screen as a value: `update` changes it, `view` draws it.
public struct AppState: Sendable {
    /// What the keyboard is currently typing into.
    public enum Mode: Sendable, Equatable {
        /// Keys are commands.
        case browsing
        /// The help overlay is open; paging keys scroll it, q, Esc, ? and other keys close it.
        case help
        /// Typing a note for the film at `path`.
        case noteInput(path: String, text: String)
        /// Typing a name filter (applied as it is typed).
        case filterInput(text: String)
    }

    /// The film currently decoded for the pane.
    public struct Film: Sendable {
        /// Path of the film in the study.
        public var path: String
        /// Decoded greys 0...255, nil while loading.
        public var image: GrayImage?
        /// Why decoding failed, if it did.
        public var failure: String?
        /// The size last asked of the decoder, so a bigger pane or zoom asks again.
        public var requested: (width: Int, height: Int)
        /// The film in modality units (DICOM), same size as `image`, for header window presets.
        public var values: GrayImage? = nil
    }

    // MARK: Fixed for the session

    /// Name of the study folder, for the status line.
    public var studyName: String
    /// Who gives the verdicts.
    public var reviewer: String
    /// The model's identifier, or nil when reviewing without a model.
    public var modelID: String?
    /// Operating threshold: probability at or above it predicts pneumonia.
    public var threshold: Double
    /// Colours the film and widgets may use.
    public var colorMode: BlockImageColorMode
    /// True when the terminal is not UTF-8 (LANG=C): the screen is drawn in ASCII
    /// (`CellGrid.asciiFallback`).
    public var asciiOnly = false
    /// Threads drawing the film may use: the app passes the machine's cores; 1 by default, so
    /// the state itself reads nothing of the machine. The screen is the same for any count.
    public var renderWorkers = 1

    // MARK: The study

    /// Every film, in scan order (never reordered; `order` is the worklist).
    public internal(set) var cases: [ReviewCase]
    /// Index into `cases` by relative path.
    let indexByPath: [String: Int]
    /// The worklist's shortened file names (what the study's names share gives way first).
    let names: WorklistNames
    /// Every record known (from the log, then this session), in log order; the fold source.
    var records: [FeedbackRecord] = []
    /// The fold of `records`.
    public internal(set) var verdicts = StandingVerdicts()
    /// Records sent to the log but not yet confirmed on disk.
    public internal(set) var pending: [FeedbackRecord] = []
    /// This session's judgements, newest last, for undo.
    public internal(set) var undoStack: [FeedbackRecord] = []
    /// True once the log was read (verdicts before that would be unsafe to show as complete).
    public internal(set) var logReady = false
    /// Why verdicts cannot be saved, when the log failed.
    public internal(set) var logFailure: String?
    /// Verdict keys refused because the log failed: verdicts given but not saved.
    public internal(set) var verdictsRefused = 0
    /// Films hashed so far.
    public internal(set) var hashedCount = 0
    /// Films with a standing verdict from this reviewer (kept up to date by `update`).
    public internal(set) var reviewedCount = 0

    // MARK: The worklist

    /// Indices into `cases` in worklist order, after the filters.
    public internal(set) var order: [Int] = []
    /// Position of the selected film in `order`.
    public internal(set) var cursor = 0
    /// First worklist row shown.
    public internal(set) var scrollTop = 0
    /// The worklist order.
    public internal(set) var sort = SortOrder.name
    /// True when the worklist is `sort` upside down (`S`).
    public internal(set) var sortReversed = false
    /// Which films are listed.
    public internal(set) var filter = CaseFilter.all
    /// Case-insensitive substring the paths must contain ("" for none).
    public internal(set) var nameFilter = ""

    // MARK: The screen

    /// Terminal size in cells.
    public internal(set) var width: Int
    /// See `width`.
    public internal(set) var height: Int
    /// Keyboard mode.
    public internal(set) var mode = Mode.browsing
    /// The film shown.
    public internal(set) var film: Film?
    /// Window/level, inversion, zoom, pan.
    public internal(set) var filmView = FilmView()
    /// A one-line note for the reviewer (result of the last key, an error), or nil.
    public internal(set) var notice: Notice?
    /// Films sent to the model and not answered yet.
    var classifyInFlight = 0
    /// Films scored (or failed) so far.
    public internal(set) var scoredCount = 0
    /// True while the LIME overlay is shown on the film.
    public internal(set) var overlayOn = false
    /// A changed verdict waiting for its second press, or nil; any other key drops it.
    public internal(set) var confirmation: Confirmation?
    /// The help page shown (when the help is taller than the screen).
    public internal(set) var helpPage = 0
    /// A drag on the film in progress (window/level or pan), from its press.
    var drag: MouseDrag?
    /// The film the last key judged, so `n` right after it notes that film.
    var lastJudgedPath: String?
    /// True until the review has resumed at the first film without a verdict (once the log
    /// is read and every film hashed) or the reviewer pressed a key, whichever is first.
    public internal(set) var resumePending = true
    /// Where adapting the model to this study stands (asked, running, proposed).
    public internal(set) var adaptation = StudyAdaptation.none
    /// The adapted model now scoring, kept with the study; nil while the model given to the
    /// review (bundled or `--model`) scores.
    public var siteModel: SiteModel?
    /// What the given model's card says of it at a new site; when set (the app always sets
    /// it), the header says whether the model is adapted to this study and the review opens
    /// with a notice when it is not.
    public var baseFacts: BaseModelFacts?
    /// Asks for the study adaptation when the review opens (`--adapt-study`).
    public var adaptOnStart = false
    /// Hides identifying header fields (patient ID and name, study date) on screen (`--anonymise`, `P`).
    public var anonymised = false
    /// Shows the film's header info over the film (`I`).
    public internal(set) var showsFilmInfo = true
    /// Films at most in one classify effect.
    public static let classifyBatch = 8

    /// Creates the state for a study of `paths` (relative, in scan order) on a
    /// `width` x `height` terminal; `patients` (one per path, for example from Kermany-style
    /// file names) spreads the "most informative" order over patients; by default each film
    /// is its own patient.
    public init(studyName: String, paths: [String], reviewer: String, modelID: String?,
                threshold: Double, colorMode: BlockImageColorMode = .palette256,
                width: Int = 80, height: Int = 24, patients: [String]? = nil) {
        self.studyName = studyName
        self.reviewer = reviewer
        self.modelID = modelID
        self.threshold = threshold
        self.colorMode = colorMode
        self.cases = paths.map(ReviewCase.init(relativePath:))
        if let patients {
            for (i, patient) in patients.enumerated() where i < cases.count { cases[i].patient = patient }
        }
        var index: [String: Int] = [:]
        for (i, path) in paths.enumerated() { index[path] = i }
        self.indexByPath = index
        self.names = WorklistNames(names: cases.map(\.fileName))
        self.width = width
        self.height = height
        self.order = Array(cases.indices)
        reorder()
    }

    // MARK: Derived

    /// The selected film's index in `cases`, or nil when the worklist is empty.
    public var selectedIndex: Int? { order.indices.contains(cursor) ? order[cursor] : nil }

    /// The selected film, or nil when the worklist is empty.
    public var selectedCase: ReviewCase? { selectedIndex.map { cases[$0] } }

    /// This reviewer's standing verdict on `reviewCase`.
    public func standing(_ reviewCase: ReviewCase) -> FeedbackRecord? {
        verdicts.standing(for: reviewCase.id, reviewer: reviewer)
    }

    /// True while a record for the film at `path` is on its way to disk.
    public func isPending(path: String) -> Bool {
        pending.contains { $0.caseID.relativePath == path }
    }


    /// True when this reviewer's standing label on `reviewCase` differs from what the model now
    /// loaded predicts (not when the film is unscored, deferred or unreviewed): agreement is
    /// judged against the current model, whatever model the verdict was recorded under.
    public func disagreesWithModel(_ reviewCase: ReviewCase) -> Bool {
        guard let label = standing(reviewCase)?.labelForTraining, let p = reviewCase.probability else { return false }
        return label != predictedLabel(p)
    }

    /// The words of the notice on the message line, or nil.
    public var message: String? { notice?.text }

    /// Adds `tail` to the notice's words, keeping its severity and the write it waits for.
    mutating func appendToNotice(_ tail: String) {
        var extended = notice ?? .info("")
        extended.trail += tail
        notice = extended
    }

    /// The label the model predicts for probability `p` at the threshold.
    public func predictedLabel(_ p: Double) -> ClassLabel { ClassLabel(probability: p, threshold: threshold) }
}

/// A verdict that would replace a standing label, waiting for the same key again.
public struct Confirmation: Sendable, Equatable {
    /// The film's path.
    public var path: String
    /// The verdict asked for.
    public var verdict: Verdict
}

/// Where adapting the model to the open study stands.
public enum StudyAdaptation: Sendable, Equatable {
    /// Nothing asked.
    case none
    /// `A` was pressed: `y` starts the label-free adaptation, any other key cancels.
    case confirmingLabelFree
    /// Running in the background: without labels, or from labels with its last progress words.
    case running(labelFree: Bool, progress: String)
    /// An adaptation from labels came out better than the model now scoring: `y` switches to
    /// it, `n` or Esc keeps the current model.
    case proposing(AdaptationReport)
    /// An adaptation from labels came out no better: nothing to switch to; any key closes.
    case notBetter(AdaptationReport)
    /// Keeping the adapted model with the study and switching to it.
    case switching
    /// The last adaptation, switch or revert failed; the model is unchanged.
    case failed(String)
}
