import Dispatch
import Foundation
import Imaging
import ReviewCore
import Synchronization
import TerminalGraphics
#if canImport(Glibc)
import Glibc
#endif

/// Shows the review's film as a kitty graphics or sixel image over the block-character film:
/// encodes off the UI thread, writes on it (after curses has drawn), replaces the image when
/// the film, view or pane changes, and deletes it when hidden or on quit.
public final class FilmImagePainter: @unchecked Sendable {
    private let graphics: GraphicsProtocol
    private let cell: CellPixelSize
    private let tmuxPassthrough: Bool
    private let wake: @Sendable () -> Void
    private let queue = DispatchQueue(label: "lightbox.review.graphics", qos: .userInitiated)
    /// The kitty image id of the review's film.
    public static let kittyID: UInt32 = 4_711

    // UI thread only.
    private var shown: FilmScene?
    private var wanted: FilmScene?
    private var everShown = false
    /// Encoded text by scene, filled by the encoding queue.
    private let ready = Mutex<(scene: FilmScene, text: String)?>(nil)
    /// The scene wanted now, so the queue skips encodes that went stale while they waited (j j j).
    private let latest = Mutex<FilmScene?>(nil)

    public init(graphics: GraphicsProtocol, cell: CellPixelSize, tmuxPassthrough: Bool, wake: @escaping @Sendable () -> Void) {
        self.graphics = graphics
        self.cell = cell
        self.tmuxPassthrough = tmuxPassthrough
        self.wake = wake
    }

    /// Called after each curses draw: asks for the scene `state` needs; hides a stale image now.
    public func update(_ state: AppState) {
        let scene = FilmScene(state)
        if scene == wanted {
            flush()
            return
        }
        wanted = scene
        latest.withLock { $0 = scene }
        if scene == nil || graphics == .kitty { erase() }
        guard let scene, let image = state.film?.image else { return }
        let (graphics, cell, passthrough, wake) = (self.graphics, self.cell, self.tmuxPassthrough, self.wake)
        queue.async { [self] in
            guard latest.withLock({ $0 == scene }) else { return }
            let text = scene.text(of: image, graphics: graphics, cell: cell, kittyID: Self.kittyID, tmuxPassthrough: passthrough)
            ready.withLock { $0 = (scene, text) }
            wake()
        }
    }

    /// Writes the encoded image when it is the one still wanted (UI thread).
    public func flush() {
        guard let wanted, shown != wanted else { return }
        guard let text = ready.withLock({ $0?.scene == wanted ? $0?.text : nil }) else { return }
        Self.write(text)
        shown = wanted
        everShown = true
    }

    /// Removes the image from the screen (kitty: deletes it; sixel is overdrawn by curses).
    public func erase() {
        if graphics == .kitty && everShown { Self.write(wrap(KittyGraphics.delete(id: Self.kittyID))) }
        shown = nil
    }

    /// Leaves nothing on screen: called before curses gives the terminal back.
    public func finish() {
        wanted = nil
        erase()
    }

    private func wrap(_ sequence: String) -> String {
        tmuxPassthrough ? TmuxPassthrough.wrap(sequence) : sequence
    }

    /// `write(2)` to stdout until all is out (EINTR and EAGAIN retried).
    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard n > 0 else { return }
            offset += n
        }
    }
}
