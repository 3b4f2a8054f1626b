import CellGrid
import Classifier
import Dispatch
import Foundation
import NeuralNet
import Feedback
import ReviewCore
import Workflows
import Storage
import Terminal
import TerminalGraphics
import Training

/// One `lightbox review` session: scans the study, loads the model, asks the terminal what it
/// can draw (before curses takes it), opens the screen and the feedback log, runs the loop, and
/// prints how many verdicts were saved. The command only parses its options into one of these.
public struct ReviewSession {
    public var studyDir: String?
    public var modelPath: String?
    public var reviewer: String?
    public var logFile: String?
    public var threshold: Double?
    public var adaptStudy: Bool
    public var anonymise: Bool
    public var listSkipped: Bool
    public var graphics: Graphics?

    /// `--graphics`: how the film is drawn. Not `.none`, which an optional would read as nil.
    public enum Graphics: String, CaseIterable, Sendable {
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

    /// The review's keys, one per line (`  KEY        what it does`), for `review --help`.
    public static var keyTable: String {
        KeyBindings.table.map { "  \($0.keyLabel.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n")
    }

    public init(studyDir: String?, modelPath: String?, reviewer: String?, logFile: String?, threshold: Double?,
                adaptStudy: Bool, anonymise: Bool, listSkipped: Bool, graphics: Graphics?) {
        self.studyDir = studyDir; self.modelPath = modelPath; self.reviewer = reviewer; self.logFile = logFile
        self.threshold = threshold; self.adaptStudy = adaptStudy; self.anonymise = anonymise
        self.listSkipped = listSkipped; self.graphics = graphics
    }

    /// Runs the review until `q`, a hang-up or SIGTERM, with every verdict written, then exits.
    public func run(startedAt: UInt64) throws -> Never {
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
        if listSkipped { for file in scan.skipped { writeStderr("review: \(visible(file.description))\n") } }
        DecoderPool.shared.warmUp(forFilesNamed: scan.cases.map(\.relativePath))
        // Background scoring and LIME leave one core to the interface, so drawing a film queues less
        // behind them (160x50, 5,000-film study scoring: key-to-film median 29 -> 25 ms).
        Parallel.workers = max(1, Parallel.workers - 1)
        // The bundled model when none is given; a review without any model still records verdicts.
        let given = modelPath != nil ? try ModelLoader.load(modelPath) : try? ModelLoader.load(nil)
        // A model adapted to this study and kept with it (from `M` then `y`, or `A`) is used
        // when it was adapted from the given one.
        let opening = SiteModelKeeper.open(given: given, studyRoot: scan.absoluteRoot)
        let model = opening.model
        let classifier: (any FilmClassifier)? = model.map { PneumoniaFilmClassifier($0) }
        // The overlay's LIME runs on its own queue, so it gets its own copy of the network.
        let explainer: (any FilmExplainer)? = model.map { LIMEFilmExplainer($0.copy()) }
        // The bundled demo's verdicts go to the per-user folder, never into the checkout or install.
        let demoLog = studyDir == nil ? FeedbackLog.fallbackPath(studyRoot: scan.absoluteRoot, environment: environment) : nil
        let location = FeedbackLog.defaultLocation(studyRoot: scan.absoluteRoot, override: logFile ?? demoLog,
                                                   environment: environment)
        guard AppSyscalls.standardInputAndOutputAreTerminals else {
            throw CommandFailure("review needs an interactive terminal (use `lightbox export` or `predict` in scripts)")
        }

        // Asked before curses takes the terminal, whose replies would otherwise arrive as keys.
        let insideTmux = environment["TMUX"].map { !$0.isEmpty } == true
        let request = GraphicsChoice.request(flag: graphics?.request, environment: environment["LIGHTBOX_GRAPHICS"])
        let replies = request == .auto && !insideTmux ? GraphicsProbe.ask(timeoutMilliseconds: GraphicsChoice.probeTimeoutMilliseconds(environment: environment),
                                                                                         keepingRawModes: true) : nil
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
        state.siteModel = opening.siteModel
        state.baseFacts = opening.facts
        if let problem = opening.problem { _ = state.update(.notice(problem)) }
        state.anonymised = anonymise
        state.asciiOnly = !screen.unicode
        state.renderWorkers = ProcessInfo.processInfo.activeProcessorCount
        if let reason = location.fallbackReason {
            _ = state.update(.notice(reason))
        }
        if graphicsChoice.graphics != .symbols { _ = state.update(.notice("film: \(graphicsChoice.reason)")) }
        if let skipped = SkippedNotice.text(scan.skipped) { _ = state.update(.notice(skipped)) }
        // Said once: on the message line when it is free, else on exit.
        var terminalNote = screen.terminalFallback
        if let note = terminalNote, state.message == nil { _ = state.update(.notice(note)); terminalNote = nil }
        let inbox = Inbox(wake: screen.wake)
        let hashes = HashCache()
        // A terminal image needs the film at the cells' pixel size, not at 2x4 per cell.
        let decodeScale = graphicsChoice.graphics == .symbols ? (1, 1)
            : (max(1, (cell.width + 1) / 2), max(1, (cell.height + 3) / 4))
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: classifier, hashes: hashes,
                                  explainer: explainer, decodeScale: decodeScale, keeper: opening.keeper)
        // Without --log, the study's other log is read too (verdicts kept in the per-user
        // fallback while the study could not be written, or in the study's log since).
        let otherLogs = logFile == nil && studyDir != nil
            ? FeedbackLog.studyLogPaths(studyRoot: scan.absoluteRoot, environment: environment) : []
        runner.openStore(FeedbackLogStore(path: location.path, alsoReading: otherLogs))
        runner.hashAll(scan.cases)
        let app = ReviewLoop(state: state, screen: screen, inbox: inbox, runner: runner)
        // LIGHTBOX_TRACE=FILE appends timings for the release measurements; the file must exist.
        app.tracer = environment["LIGHTBOX_TRACE"].flatMap(ReviewTracer.appending(toFile:))
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
        if let terminalNote { print(terminalNote) }
        if let failure = app.lastSaveFailure {
            let n = app.notSavedThisSession
            writeStderr("review: \(n) record\(n == 1 ? " was" : "s were") NOT saved to \(location.path): \(failure)\n")
        }
        // A LIME or scoring worker may still be inside OpenBLAS (stopWorkers waits only briefly):
        // exit's teardown would free OpenBLAS's buffers under it. Every verdict is synced by now.
        // Not zero when the log failed or a record could not be saved, so a script notices.
        exitSkippingTeardown(app.lastSaveFailure != nil ? 1 : 0)
    }
}
