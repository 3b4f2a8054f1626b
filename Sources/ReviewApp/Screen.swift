import CellGrid
import ReviewCore
import Terminal

/// What the review loop needs from a terminal: its size, a way to show a frame, the input
/// waiting now, and a sleep that background work can cut short. `CursesScreen` is the real
/// one; tests drive the loop through a scripted screen (Tests/TestSupport/FakeScreen.swift).
///
/// Not thread-safe except `wake`: the loop calls everything else from its own thread.
public protocol Screen: AnyObject {
    /// The screen's size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows `grid`; returns how many cells were sent.
    @discardableResult func draw(_ grid: CellGrid) -> Int
    /// Every input waiting now; never blocks.
    func readInput() -> [TerminalInput]
    /// Sleeps until input may be waiting, `wake` is called, or `timeoutMilliseconds` pass;
    /// false once no input will ever come (the terminal hung up or SIGTERM arrived).
    func waitForInput(timeoutMilliseconds: Int32) -> Bool
    /// Wakes `waitForInput`; callable from any thread.
    var wake: @Sendable () -> Void { get }
    /// How many times `draw` has cleared the whole terminal (a resize, a full repaint): a
    /// terminal image on screen is gone after each.
    var clears: Int { get }
    /// Forgets the last frame so the next `draw` clears and repaints every cell.
    func invalidate()
}

extension CursesScreen: Screen {}
