import ReviewApp
import ArgumentParser
import Foundation
import NeuralNet
import ReviewCore
import Storage
import Terminal
import TerminalGraphics
import Training

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
            \(KeyBindings.table.map { "  \($0.keyLabel.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))
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

    /// `--graphics`: how the film is drawn. Not `.none`, which an optional would read as nil.
    enum Graphics: String, ExpressibleByArgument, CaseIterable {
        case auto, kitty, sixel
        case off = "none"

        var request: GraphicsChoice.Request {
            switch self {
            case .auto: .auto
            case .kitty: .kitty
            case .sixel: .sixel
            case .off: .off
            }
        }
    }

    @Option(help: "Film drawing: auto (ask the terminal; block characters inside tmux), kitty, sixel or none (block characters); default: LIGHTBOX_GRAPHICS, else auto.")
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
        let startedAt = DispatchTime.now().uptimeNanoseconds
        let environment = ProcessInfo.processInfo.environment
        guard let root = studyDir ?? StudyLocator.demoStudy() else {
            throw CommandFailure("no study folder given and the demo study (\(StudyLocator.demoRelativePath)) was not found next to the program or in the current folder")
        }
        let scan: StudyScan
        do {
            scan = try StudyScanner.scan(root: root)
        } catch {
            throw CommandFailure(error.description)
        }
        // Background scoring and LIME leave one core to the interface, so drawing a film queues less
        // behind them (160x50, 5,000-film study scoring: key-to-film median 29 -> 25 ms).
        Parallel.workers = max(1, Parallel.workers - 1)
        // The bundled model when none is given; a review without any model still records verdicts.
        let model = modelFile.path != nil ? try modelFile.load() : try? modelFile.load()
        let classifier: (any FilmClassifier)? = model.map { PneumoniaFilmClassifier($0) }
        // The overlay's LIME runs on its own queue, so it gets its own copy of the network.
        let explainer: (any FilmExplainer)? = model.map { LIMEFilmExplainer($0.copy()) }
        // The bundled demo's verdicts go to the per-user folder, never into the checkout or install.
        let demoLog = studyDir == nil ? FeedbackLog.fallbackPath(studyRoot: scan.absoluteRoot, environment: environment) : nil
        let location = FeedbackLog.defaultLocation(studyRoot: scan.absoluteRoot, override: logFile ?? demoLog,
                                                   environment: environment)
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw CommandFailure("review needs an interactive terminal (use `lightbox export` or `predict` in scripts)")
        }

        // Asked before curses takes the terminal, whose replies would otherwise arrive as keys.
        let insideTmux = environment["TMUX"].map { !$0.isEmpty } == true
        let request = GraphicsChoice.request(flag: graphics?.request, environment: environment["LIGHTBOX_GRAPHICS"])
        let replies = request == .auto && !insideTmux ? GraphicsProbe.ask(timeoutMilliseconds: GraphicsChoice.probeTimeoutMilliseconds(environment: environment)) : nil
        let graphicsChoice = GraphicsChoice.decide(request: request, insideTmux: insideTmux, replies: replies)
        let window = GraphicsProbe.windowSize()
        let cell = CellPixelSize.resolve(given: nil, replies: replies, windowPixels: window?.pixels, windowCells: window?.cells)

        let screen: CursesScreen
        do {
            screen = try CursesScreen(environment: environment)
        } catch {
            throw CommandFailure(error.description)
        }
        var state = AppState(
            studyName: (scan.absoluteRoot as NSString).lastPathComponent,
            paths: scan.cases.map(\.relativePath),
            reviewer: reviewer ?? StudyLocator.loginName(environment: environment),
            modelID: classifier?.modelID,
            threshold: threshold ?? classifier?.threshold ?? 0.5,
            colorMode: screen.colorMode,
            patients: scan.cases.map { PatientID.from(fileName: $0.relativePath) })
        state.adaptOnStart = adaptStudy
        state.asciiOnly = !screen.unicode
        state.renderWorkers = ProcessInfo.processInfo.activeProcessorCount
        if let reason = location.fallbackReason {
            _ = state.update(.notice(reason))
        }
        if graphicsChoice.graphics != .symbols { _ = state.update(.notice("film: \(graphicsChoice.reason)")) }
        let inbox = Inbox(wake: screen.wake)
        let hashes = HashCache()
        // A terminal image needs the film at the cells' pixel size, not at 2x4 per cell.
        let decodeScale = graphicsChoice.graphics == .symbols ? (1, 1)
            : (max(1, (cell.width + 1) / 2), max(1, (cell.height + 3) / 4))
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: classifier, hashes: hashes,
                                  explainer: explainer, decodeScale: decodeScale)
        runner.openLog(path: location.path)
        runner.hashAll(scan.cases)
        let app = ReviewLoop(state: state, screen: screen, inbox: inbox, runner: runner)
        if graphicsChoice.graphics != .symbols {
            app.painter = FilmImagePainter(graphics: graphicsChoice.graphics, cell: cell,
                                           tmuxPassthrough: graphicsChoice.tmuxPassthrough)
        }
        app.startedAt = startedAt
        screen.listenForSignals()
        app.run()
        screen.close()

        print("\(app.savedThisSession) verdict\(app.savedThisSession == 1 ? "" : "s") saved this session to \(location.path)")
        if let reason = location.fallbackReason { print(reason) }
        // A LIME or scoring worker may still be inside OpenBLAS (stopWorkers waits only briefly):
        // exit's teardown would free OpenBLAS's buffers under it. Every verdict is synced by now.
        exitSkippingTeardown(0)
    }
}
