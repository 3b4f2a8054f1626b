import CellGrid
import TerminalGraphics

/// The terminal as a place to show `CellGrid`s: sends only the cells that changed since the
/// last frame, allocates colour pairs on demand and caches them, and turns input into keys.
///
/// Not thread-safe: create, draw and read on one thread (the app loop's).
public final class CursesScreen {
    /// Colours the screen can show; widgets and films should be drawn for this mode.
    public let colorMode: BlockImageColorMode
    /// False when the locale is not UTF-8 (LANG=C): draw in ASCII (`CellGrid.asciiFallback`).
    public let unicode: Bool
    private var previous: CellGrid?
    private var pairs: [PairKey: Int32] = [:]
    private let pairLimit: Int
    private var isOpen = true
    /// Sleeps on standard input and a pipe that background work and signals write to.
    private let wakeup = Wakeup()
    /// Swallows escape sequences (terminal replies arriving late) so they never act as keys;
    /// continues from the graphics probe's state when one ran.
    private var input = EscapeSequenceFilter()

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Where the screen could not be opened, for a one-line error.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Takes over the terminal (UTF-8 locale, no echo, keypad, hidden cursor, colours).
    public init(environment: [String: String]) throws(OpenError) {
        let term = environment["TERM"] ?? ""
        // Modes the probe left raw are restored if the screen cannot open.
        defer { GraphicsProbe.restoreModes() }
        if let refusal = Self.refusal(term: term) { throw OpenError(description: refusal) }
        unicode = Curses.useUTF8Locale()
        if let probed = GraphicsProbe.pendingInput {
            // The probe ran: replies may still be arriving. What came since is read through its
            // filter and dropped (keys typed before the screen shows act on nothing visible).
            GraphicsProbe.pendingInput = nil
            input = probed
            Self.dropPendingInput(through: &input)
        }
        var opened = Curses.start()
        for type in Self.fallbacks(term: term) where !opened {
            opened = Curses.start(type: type)
            if opened { terminalFallback = "TERM=\(term) has no terminfo entry here: drawing as \(type)" }
        }
        if opened, let (fd, modes) = GraphicsProbe.pendingModes {
            // Curses took the raw modes as the shell's: it gets the real ones (two calls apart,
            // not the whole of newterm apart).
            GraphicsProbe.pendingModes = nil
            TerminalSyscalls.setModes(modes, on: fd, flushingInput: false)
            Curses.saveShellModesAndResume()
        }
        guard opened else {
            throw OpenError(description: "cannot open the terminal (TERM=\(term.isEmpty ? "unset" : term)): no terminfo entry for it, or not an interactive terminal; try TERM=xterm-256color")
        }
        _ = Curses.enableMouse()
        let hasColors = environment["NO_COLOR"].map(\.isEmpty) ?? true ? Curses.startColor() : false
        colorMode = ColorCapability.choose(environment: environment, hasColors: hasColors, colors: Curses.colors)
        directColor = colorMode == .truecolor && Curses.colors < 1 << 24
        pairLimit = max(0, Curses.colorPairs - 1)
    }

    /// The mouse button down since its press, so a move reported by ncurses reads as a drag.
    private var heldButton: MouseEvent.Button?

    /// Said once when $TERM had no terminfo entry and a fallback type was used, else nil.
    public private(set) var terminalFallback: String?

    /// Terminal types to try, in order, when `term` has no terminfo entry on this machine (the
    /// usual case for `xterm-kitty` or `xterm-ghostty` over SSH to a server): a `-direct` name
    /// as its 256-colour sibling (24-bit colours are then written directly), then any
    /// `-256color`/`-direct` name, an `xterm-` name or a known modern emulator as
    /// `xterm-256color`, which they all understand. Others (`vt100`, `dumb`) get none.
    /// Graphics detection does not depend on it: it asks the terminal itself.
    static func fallbacks(term: String) -> [String] {
        var types: [String] = []
        if term.hasSuffix("-direct") { types.append(String(term.dropLast(7)) + "-256color") }
        let modern = ["kitty", "alacritty", "wezterm", "ghostty", "foot", "contour"]
        if term.hasSuffix("-256color") || term.hasSuffix("-direct") || term.hasPrefix("xterm-") || modern.contains(term) {
            types.append("xterm-256color")
        }
        return types.filter { $0 != term }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Reads and drops what standard input holds now (the tcflush at curses' start), through
    /// `filter`, in raw mode, so a reply cut here does not leave its tail to be read as keys.
    private static func dropPendingInput(through filter: inout EscapeSequenceFilter) {
        let fd = TerminalSyscalls.standardInput
        guard TerminalSyscalls.isTerminal(fd), let current = TerminalSyscalls.modes(fd),
              TerminalSyscalls.setModes(TerminalSyscalls.raw(current), on: fd, flushingInput: false) else { return }
        GraphicsProbe.drain(fd, through: &filter, until: TerminalSyscalls.monotonicMilliseconds() + 200)
        // Left raw when the probe kept it so (curses sets its own modes next); else as it was.
        if GraphicsProbe.pendingModes == nil { TerminalSyscalls.setModes(current, on: fd, flushingInput: false) }
    }

    /// Why the review cannot run on a terminal of type `term`, or nil: a dumb terminal cannot
    /// move the cursor, so a full-screen review would draw nothing while keys still acted.
    static func refusal(term: String) -> String? {
        guard term == "dumb" || term == "unknown" else { return nil }
        return "TERM=\(term) cannot show the review (it cannot move the cursor or draw a screen); "
            + "run it in a terminal such as xterm-256color, or use `lightbox predict` and `lightbox export` in scripts"
    }

    /// True when the terminal takes 24-bit colours that its terminfo entry does not describe:
    /// cells with RGB colours are drawn by ncurses in the nearest palette colours, then
    /// repainted with 24-bit escapes (`DirectColorCell`).
    private let directColor: Bool

    deinit { close() }

    /// Gives the terminal back (`endwin`); safe to call twice.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        Curses.stop()
    }

    /// How many times `draw` cleared the terminal (after a resize, `invalidate` or a full
    /// colour-pair table): whatever was drawn around curses (a sixel, kitty placements) is gone.
    public private(set) var clears = 0

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) { Curses.size }

    /// Draws `grid`, sending only cells that differ from the last frame (all of them after a
    /// resize or `invalidate`). Returns how many cells were sent.
    @discardableResult
    public func draw(_ grid: CellGrid) -> Int {
        let changes: [CellChange]
        if let previous, previous.width == grid.width, previous.height == grid.height {
            changes = grid.diff(from: previous)
        } else {
            Curses.clearScreen()
            clears += 1
            changes = grid.diff(from: CellGrid(width: 0, height: 0))
        }
        var direct: [DirectColorCell] = []
        if !send(changes, direct: &direct) {
            // The pair table filled up: start it afresh and repaint everything.
            Curses.resetPairs()
            pairs.removeAll()
            Curses.clearScreen()
            clears += 1
            direct = []
            _ = send(grid.diff(from: CellGrid(width: 0, height: 0)), direct: &direct)
        }
        Curses.flush()
        if !direct.isEmpty { Curses.writeRaw(DirectColorCell.escapes(direct, restoreCursor: Curses.physicalCursor)) }
        previous = grid
        return changes.count
    }

    /// Makes SIGWINCH wake `waitForInput`, and SIGHUP, SIGTERM and SIGINT end the session the
    /// way `q` does (see `Wakeup`).
    public func listenForSignals() {
        wakeup.wakeOnResize()
        wakeup.endOnHangup()
    }

    /// Sleeps until a key, `wake` or a signal arrives, or the timeout passes; false once the
    /// terminal hung up or SIGTERM arrived.
    public func waitForInput(timeoutMilliseconds: Int32) -> Bool {
        var timeout = timeoutMilliseconds
        // A lone ESC becomes the Escape key, and a stale sequence is dropped, on time.
        if let deadline = input.nextDeadline {
            let left = Int32(clamping: max(0, deadline - TerminalSyscalls.monotonicMilliseconds()))
            timeout = timeout < 0 ? left : min(timeout, left)
        }
        wakeup.wait(timeoutMilliseconds: timeout)
        return !wakeup.hungUp
    }

    /// Wakes `waitForInput` from any thread.
    public var wake: @Sendable () -> Void { { [wakeup] in wakeup.signal() } }

    /// Forgets the last frame so the next `draw` repaints every cell.
    public func invalidate() { previous = nil }

    /// Every input waiting now (never blocks); a resize forces a full repaint.
    ///
    /// The size is also checked directly (TIOCGWINSZ), because SIGWINCH may be delivered to
    /// a background thread, where ncurses' handler never wakes the UI thread's poll.
    ///
    /// Characters inside an escape sequence (a terminal's late reply) are dropped, whatever
    /// they are. The terminal is in raw mode, so ^C and ^Z arrive here: outside a sequence ^C
    /// ends the session as SIGINT would, ^Z suspends; inside one they are dropped too.
    public func readInput() -> [TerminalInput] {
        var out: [TerminalInput] = []
        if let real = Curses.terminalSize(), real != Curses.size {
            Curses.resize(width: real.width, height: real.height)
            previous = nil
            out.append(.resize(width: real.width, height: real.height))
        }
        keys(input.expire(at: TerminalSyscalls.monotonicMilliseconds()), into: &out)
        while let read = Curses.readInput() {
            switch read {
            case .function(let code) where code == Curses.keyResize:
                previous = nil
                let s = Curses.size
                out.append(.resize(width: s.width, height: s.height))
            case .function:
                if !input.insideSequence, let key = read.key { out.append(.key(key)) }
            case .character(let code):
                keys(input.feed(code, at: TerminalSyscalls.monotonicMilliseconds()), into: &out)
            case .mouse(let x, let y, let buttons):
                if let event = Curses.Input.mouseEvent(x: x, y: y, buttons: buttons, held: heldButton) {
                    switch event.kind {
                    case .press(let button): heldButton = button
                    case .release: heldButton = nil
                    default: break
                    }
                    out.append(.mouse(event))
                }
            }
        }
        return out
    }

    /// Appends the keys for characters that passed the escape-sequence filter.
    private func keys(_ codes: [UInt32], into out: inout [TerminalInput]) {
        for code in codes {
            switch code {
            case 3: wakeup.end()                  // ^C
            case 26: TerminalSyscalls.suspend()   // ^Z
            default: if let key = Curses.Input.character(code).key { out.append(.key(key)) }
            }
        }
    }

    /// Sends cells; false when a colour pair could not be allocated.
    private func send(_ changes: [CellChange], direct: inout [DirectColorCell]) -> Bool {
        for change in changes where !change.cell.isContinuation {
            let cell = change.cell
            guard let pair = pair(for: cell) else { return false }
            if directColor, let rgb = Self.directColors(cell) {
                direct.append(DirectColorCell(x: change.x, y: change.y, symbol: cell.symbol,
                                              foreground: rgb.foreground, background: rgb.background))
            }
            let a = cell.attributes
            Curses.draw(cell.symbol, x: change.x, y: change.y,
                        attributes: Curses.attributes(bold: a.contains(.bold), dim: a.contains(.dim),
                                                      underline: a.contains(.underline), reverse: a.contains(.reverse)),
                        pair: pair)
        }
        return true
    }

    private func pair(for cell: Cell) -> Int32? {
        guard colorMode != .monochrome else { return 0 }
        let key = PairKey(foreground: colorNumber(cell.foreground), background: colorNumber(cell.background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let cached = pairs[key] { return cached }
        guard pairs.count < pairLimit,
              let pair = Curses.allocPair(foreground: key.foreground, background: key.background)
        else { return nil }
        pairs[key] = pair
        return pair
    }

    /// The 24-bit colours of a cell with attributes none and at least one RGB colour (the
    /// film's cells), palette colours converted; nil for any other cell.
    private static func directColors(_ cell: Cell) -> (foreground: (UInt8, UInt8, UInt8)?, background: (UInt8, UInt8, UInt8)?)? {
        func rgb(_ color: TerminalColor) -> (UInt8, UInt8, UInt8)? {
            switch color {
            case .default: return nil
            case .rgb(let r, let g, let b): return (r, g, b)
            case .palette(let index):
                let (r, g, b) = XtermPalette.rgb(index)
                return (UInt8(r), UInt8(g), UInt8(b))
            }
        }
        var hasRGB = false
        if case .rgb = cell.foreground { hasRGB = true }
        if case .rgb = cell.background { hasRGB = true }
        guard hasRGB, cell.attributes.isEmpty else { return nil }
        return (rgb(cell.foreground), rgb(cell.background))
    }

    /// The ncurses colour number for `color` in this screen's mode (-1 is the default).
    private func colorNumber(_ color: TerminalColor) -> Int32 {
        switch (color, colorMode) {
        case (.default, _), (_, .monochrome):
            return -1
        case (.palette(let index), .truecolor) where directColor:
            return Int32(index)
        case (.rgb(let r, let g, let b), .truecolor) where directColor:
            return Int32(XtermPalette.nearest(r, g, b))
        case (.palette(let index), .truecolor):
            let (r, g, b) = XtermPalette.rgb(index)
            return Int32(r << 16 | g << 8 | b)
        case (.palette(let index), _):
            return Int32(index)
        case (.rgb(let r, let g, let b), .truecolor):
            return Int32(Int(r) << 16 | Int(g) << 8 | Int(b))
        case (.rgb(let r, let g, let b), _):
            return Int32(XtermPalette.nearest(r, g, b))
        }
    }
}
