import CellGrid
import Dispatch
import Foundation
import ReviewApp
import Feedback
import Terminal

/// A scripted screen for driving `ReviewLoop` in tests without a terminal: it hands the loop
/// keys and resizes in order, holds back the rest of the script until a `waitFor` text has
/// been on a frame drawn since the previous step (messages such as "all 3 scored" may be
/// replaced before the screen looks again), and keeps every frame.
///
/// When the script runs out the screen reports a hang-up, which ends the loop as SIGHUP would
/// (verdicts still queued are written). A `waitFor` that has not come after `patience` seconds
/// is recorded in `timedOut` and ends the script the same way, so a broken loop fails a test
/// instead of hanging it.
public final class FakeScreen: Screen, @unchecked Sendable {  // loop thread only, except `wake`
    /// One step of the script.
    public enum Step: Equatable {
        /// A key press.
        case key(Key)
        /// The terminal is now this size.
        case resize(width: Int, height: Int)
        /// Hold the rest of the script until `text` appears on the last frame.
        case waitFor(String)
    }

    public private(set) var size: (width: Int, height: Int)
    /// Every frame drawn, oldest first.
    public private(set) var frames: [CellGrid] = []
    /// The `waitFor` text that never appeared, if the script gave up.
    public private(set) var timedOut: String?

    private var steps: [Step]
    private let patience: TimeInterval
    private var waitingSince: Date?
    /// Frames drawn before this index belong to earlier steps.
    private var stepStartFrame = 0
    private let doorbell = DispatchSemaphore(value: 0)

    /// A `width` x `height` screen that plays `script`.
    public init(width: Int, height: Int, script: [Step], patience: TimeInterval = 60) {
        size = (width, height)
        steps = script
        self.patience = patience
    }

    /// The symbols of the last frame, one line per row.
    public var lastText: String { frames.last.map(Self.text) ?? "" }

    /// The symbols of `grid`, one line per row.
    public static func text(_ grid: CellGrid) -> String {
        (0..<grid.height).map { y in (0..<grid.width).map { grid[$0, y].symbol }.joined() }.joined(separator: "\n")
    }

    /// Frames drawn after a size change or `invalidate`, as `CursesScreen` clears then.
    public private(set) var clears = 0
    private var invalidated = true

    public func invalidate() { invalidated = true }

    public func draw(_ grid: CellGrid) -> Int {
        if invalidated || frames.last.map({ $0.width != grid.width || $0.height != grid.height }) == true { clears += 1 }
        invalidated = false
        frames.append(grid)
        return grid.width * grid.height
    }

    public func readInput() -> [TerminalInput] {
        var out: [TerminalInput] = []
        while let step = steps.first {
            switch step {
            case .key(let key):
                out.append(.key(key))
            case .resize(let width, let height):
                size = (width, height)
                out.append(.resize(width: width, height: height))
            case .waitFor(let text):
                if frames[min(stepStartFrame, frames.count)...].contains(where: { Self.text($0).contains(text) }) {
                    waitingSince = nil
                } else {
                    let since = waitingSince ?? Date()
                    waitingSince = since
                    if Date().timeIntervalSince(since) > patience {
                        timedOut = text
                        steps.removeAll()
                    }
                    return out
                }
            }
            // After a key only frames drawn later count; after a wait the frame that ended it does too.
            if case .waitFor = steps.removeFirst() { stepStartFrame = max(0, frames.count - 1) } else { stepStartFrame = frames.count }
            // Hand over keys one per call after a wait, as a reviewer types.
            if case .waitFor = steps.first { return out }
        }
        return out
    }

    public func waitForInput(timeoutMilliseconds: Int32) -> Bool {
        guard let next = steps.first else { return false }
        if case .waitFor = next {
            // Sleep until background work posts (or a short while, to look at the frame again).
            _ = doorbell.wait(timeout: .now() + .milliseconds(Int(min(timeoutMilliseconds, 20))))
        }
        return true
    }

    public var wake: @Sendable () -> Void { { [doorbell] in doorbell.signal() } }
}
