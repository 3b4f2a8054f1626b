import Dispatch
import Foundation
import Imaging
import ReviewCore
import Synchronization
import Terminal
import TerminalGraphics

/// Shows the review's film as a kitty graphics or sixel image over the block-character film.
///
/// The UI thread only works out the scene (`update`) and draws curses inside `drawing`; one
/// serial queue encodes and writes. Its writes are pieces (a 4 KiB kitty chunk, one sixel
/// strip) taken under the same lock as curses' draws, so the two never interleave inside an
/// escape sequence and a key's redraw waits at most for one piece. The image is replaced
/// when the film, view, overlay or pane changes; redrawn after a screen clear (sixel: all
/// strips again; kitty: placed again); hidden under the help overlay (kitty keeps the data
/// and places it again when help closes); and gone before curses gives the terminal back.
public final class FilmImagePainter: @unchecked Sendable {
    private let graphics: GraphicsProtocol
    private let cell: CellPixelSize
    private let tmuxPassthrough: Bool
    private let queue = DispatchQueue(label: "lightbox.review.graphics", qos: .userInitiated)
    /// The two kitty image ids, used in turn so the old film stays until the new one is placed.
    public static let kittyIDs: [UInt32] = [4_711, 4_712]

    /// Held while curses draws and while the queue writes one piece.
    private let terminal = Mutex<Void>(())
    /// The scene wanted now (set on the UI thread): the queue drops work that went stale (j j j).
    private let latest = Mutex<FilmScene?>(nil)

    // UI thread only.
    private var wanted: FilmScene?
    private var lastClears = 0

    // Queue only.
    /// The scene last encoded, its text and kitty id (transmitted, maybe not shown).
    private var current: (scene: FilmScene, film: EncodedFilm, id: UInt32)?
    /// The scene on screen in full now, and (kitty) the id of the image showing it.
    private var shownScene: FilmScene?
    private var shownID: UInt32?
    private var transmittedIDs: Set<UInt32> = []

    public init(graphics: GraphicsProtocol, cell: CellPixelSize, tmuxPassthrough: Bool) {
        self.graphics = graphics
        self.cell = cell
        self.tmuxPassthrough = tmuxPassthrough
    }

    /// Runs `draw` (curses output) with the terminal to itself.
    public func drawing<T>(_ draw: () -> T) -> T {
        terminal.withLock { _ in draw() }
    }

    /// Called after each curses draw with the screen's clear count: asks for the scene `state`
    /// needs. Returns true when the screen must be repainted in full first (sixel only: the old
    /// image is not covered by the new one, and curses does not know it is there).
    @discardableResult
    public func update(_ state: AppState, clears: Int) -> Bool {
        let scene = FilmScene(state)
        let cleared = clears != lastClears
        lastClears = clears
        guard scene != wanted || cleared else { return false }
        let old = wanted
        wanted = scene
        latest.withLock { $0 = scene }
        let image = scene == nil ? nil : state.film?.image
        queue.async { [self] in show(scene, image: image, cleared: cleared) }
        guard graphics == .sixel, let old, !cleared else { return false }
        guard let scene else { return true }
        let (a, b) = (scene.imageCells, old.imageCells)
        return !(a.x <= b.x && a.y <= b.y && a.right >= b.right && a.bottom >= b.bottom)
    }

    /// Leaves nothing on screen: waits for the queue, then deletes the kitty images or erases
    /// the screen under a sixel; called before curses gives the terminal back.
    public func finish() {
        wanted = nil
        latest.withLock { $0 = nil }
        queue.sync {
            switch graphics {
            case .kitty: write(transmittedIDs.sorted().map { wrap(KittyGraphics.delete(id: $0)) })
            case .sixel: if current != nil { write(["\u{1B}[2J"]) }
            case .symbols: break
            }
            transmittedIDs = []
            current = nil
            shownScene = nil
            shownID = nil
        }
    }

    /// On the queue: makes the screen show `scene` (nil: no image).
    private func show(_ scene: FilmScene?, image: GrayImage?, cleared: Bool) {
        guard latest.withLock({ $0 == scene }) else { return }
        guard let scene, let image else {
            // Hidden: kitty removes the placement but keeps the data; sixel is repainted by curses.
            if let shownID { write([wrap(KittyGraphics.hide(id: shownID))]) }
            shownID = nil
            shownScene = nil
            return
        }
        if let current, current.scene == scene {
            if shownScene != scene || cleared { display(current) }
            return
        }
        // Not the id on screen: the old film stays until the new one is placed over it.
        let id = Self.kittyIDs.first { $0 != shownID && $0 != current?.id } ?? Self.kittyIDs.first { $0 != shownID }!
        let film = scene.encoded(image, graphics: graphics, cell: cell, kittyID: id, tmuxPassthrough: tmuxPassthrough)
        if graphics == .kitty {
            // Sent in full even if it goes stale meanwhile: a half transmission would leave the
            // terminal waiting for the rest.
            write(film.pieces)
            transmittedIDs.insert(id)
        }
        current = (scene, film, id)
        display(current!)
    }

    /// Puts `encoded` on screen if its scene is still wanted: kitty places it and frees the
    /// image it replaces; sixel writes its strips (again after a clear), stopping when the
    /// scene goes stale.
    private func display(_ encoded: (scene: FilmScene, film: EncodedFilm, id: UInt32)) {
        let pieces = graphics == .kitty ? [encoded.film.placement] : encoded.film.pieces
        for piece in pieces {
            let written = terminal.withLock { _ -> Bool in
                guard latest.withLock({ $0 == encoded.scene }) else { return false }
                TerminalOutput.write(piece)
                return true
            }
            guard written else {
                if graphics == .sixel { shownScene = nil }  // part of it drawn
                return
            }
        }
        // One image kept: the one shown.
        for old in transmittedIDs.sorted() where old != encoded.id {
            write([wrap(KittyGraphics.delete(id: old))])
            transmittedIDs.remove(old)
        }
        shownScene = encoded.scene
        shownID = graphics == .kitty ? encoded.id : nil
    }

    private func write(_ pieces: [String]) {
        for piece in pieces { terminal.withLock { _ in TerminalOutput.write(piece) } }
    }

    private func wrap(_ sequence: String) -> String {
        tmuxPassthrough ? TmuxPassthrough.wrap(sequence) : sequence
    }
}
