import CellGrid
import Foundation
import ReviewCore
import Feedback
import Storage
import Terminal

/// The review's loop: curses on this thread, effects on background queues, results back as
/// messages. Keys are handled before background results so typing never waits.
public final class ReviewLoop {
    private var state: AppState
    private let screen: any Screen
    private let inbox: Inbox
    private let runner: EffectRunner
    private var quitting = false
    /// Verdict records confirmed on disk this session.
    public private(set) var savedThisSession = 0
    /// Records (verdicts, undos, notes) that could not be written this session, verdict keys
    /// refused because the log could not be opened included.
    public var notSavedThisSession: Int { failedWrites + state.verdictsRefused }
    /// Why records could not be saved: the log's failure to open, else the last write's; nil
    /// when nothing failed.
    public private(set) var lastSaveFailure: String?
    private var failedWrites = 0

    private var lastKeyAt: UInt64 = 0
    private var lastFilmDrawn: String?
    /// Draws the film as a kitty graphics or sixel image over the pane, when the terminal can.
    public var painter: FilmImagePainter?
    /// When `ReviewCommand.run` started (for the first-film trace).
    public var startedAt = DispatchTime.now().uptimeNanoseconds
    /// Receives timing lines (key press to drawn screen, first film) for the release
    /// measurements; nil traces nothing. `ReviewSession` sets it from LIGHTBOX_TRACE.
    public var tracer: ReviewTracer?

    public init(state: AppState, screen: any Screen, inbox: Inbox, runner: EffectRunner) {
        self.state = state
        self.screen = screen
        self.inbox = inbox
        self.runner = runner
    }

    /// Runs until `q`, a hang-up or SIGTERM; returns with every verdict written.
    public func run() {
        let size = screen.size
        perform(state.update(.resized(width: size.width, height: size.height)))
        perform(state.start())
        show(state.view())
        let trace = tracer
        var firstFilmShown = false
        while !quitting {
            // No keys will come after a hang-up: write what is queued and leave.
            guard screen.waitForInput(timeoutMilliseconds: 1000) else { break }
            var changed = false
            let keyStart = DispatchTime.now().uptimeNanoseconds
            var sawKey = false
            for input in screen.readInput() {
                changed = true
                switch input {
                case .key(let key):
                    sawKey = true
                    perform(state.update(.key(key, at: UTCTimestamp.now())))
                case .resize(let width, let height):
                    perform(state.update(.resized(width: width, height: height)))
                case .mouse(let event):
                    sawKey = true
                    perform(state.update(.mouse(event, at: UTCTimestamp.now())))
                }
                if quitting { break }
            }
            // Quitting skips the rest of the inbox: on a large study it can hold thousands of results.
            if quitting { break }
            if sawKey {
                // Draw the key's result before any background result (even a cached film the
                // key asked for): the list, status and gauge answer at once, the film follows.
                let viewStart = DispatchTime.now().uptimeNanoseconds
                let grid = state.view()
                let drawStart = DispatchTime.now().uptimeNanoseconds
                let cells = show(grid)
                lastKeyAt = keyStart
                changed = false
                if let trace {
                    let now = DispatchTime.now().uptimeNanoseconds
                    trace.write("key \((now - keyStart) / 1000)us view \((drawStart - viewStart) / 1000)us draw \((now - drawStart) / 1000)us cells \(cells)\n")
                }
            }
            for message in inbox.drain() {
                handle(message)
                changed = true
            }
            if changed && !quitting {
                show(state.view())
                if let trace, let film = state.film, film.image != nil, film.path != lastFilmDrawn {
                    lastFilmDrawn = film.path
                    trace.write("film \((DispatchTime.now().uptimeNanoseconds - lastKeyAt) / 1000)us after key\n")
                }
                if !firstFilmShown, state.film?.image != nil, let trace {
                    firstFilmShown = true
                    let micros = (DispatchTime.now().uptimeNanoseconds - startedAt) / 1000
                    trace.write("first-film \(micros)us after run()\n")
                }
            }
        }
        painter?.finish()
        // Queued scoring and LIME are dropped and running ones get a moment to return, so the
        // process does not exit under a worker inside OpenBLAS; verdicts are then all on disk.
        runner.stopWorkers(timeout: .milliseconds(500))
        runner.finishWrites()
        // Verdicts confirmed after the last drain (`a q` in one burst) count too.
        for message in inbox.drain() { count(message) }
    }

    /// Draws `grid` and has the painter follow it: it writes the film image only between
    /// curses draws, and a sixel left uncovered needs one full repaint. Returns the cells sent.
    @discardableResult
    private func show(_ grid: CellGrid) -> Int {
        guard let painter else { return screen.draw(grid) }
        let cells = painter.drawing { screen.draw(grid) }
        if painter.update(state, clears: screen.clears) {
            screen.invalidate()
            painter.drawing { _ = screen.draw(grid) }
            painter.update(state, clears: screen.clears)
        }
        return cells
    }

    private func count(_ message: Message) {
        switch message {
        case .verdictSaved(let record) where record.verdict.isVerdict: savedThisSession += 1
        case .verdictFailed(_, let reason):
            failedWrites += 1
            if lastSaveFailure == nil || reason != "the feedback log is not open" { lastSaveFailure = reason }
        case .logFailed(let reason): lastSaveFailure = reason
        default: break
        }
    }

    private func handle(_ message: Message) {
        count(message)
        perform(state.update(message))
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            if effect == .quit { quitting = true }
            runner.run(effect)
        }
    }
}

/// Where the review loop's timing lines go (one line per event, ending in a line break).
public struct ReviewTracer: Sendable {
    /// Writes one line.
    public let write: @Sendable (String) -> Void

    /// A tracer that hands each line to `write`.
    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// A tracer appending to the existing file at `path` (LIGHTBOX_TRACE=FILE); nil when it cannot be opened.
    public static func appending(toFile path: String) -> ReviewTracer? {
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        return ReviewTracer { line in handle.write(Data(line.utf8)) }
    }
}
