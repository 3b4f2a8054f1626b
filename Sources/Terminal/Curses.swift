import CNCursesW
#if canImport(Glibc)
import Glibc
#endif

/// Every ncurses call Lightbox makes, one Swift function per C function (named in its doc
/// comment); the only file that imports CNCursesW. Call from one thread only.
enum Curses {
    /// A key as ncurses reports it: a character, or a function-key code (`KEY_*`).
    enum Input {
        case character(UInt32)
        case function(Int32)
        /// A mouse event (`KEY_MOUSE` then `getmouse`): the cell and ncurses' event mask.
        case mouse(x: Int, y: Int, buttons: UInt)
    }

    private nonisolated(unsafe) static var screen: OpaquePointer?

    /// `setlocale(LC_ALL, "")`, falling back to C.UTF-8 when that gives a non-UTF-8 locale
    /// (ncursesw needs a UTF-8 locale to take wide characters at all). Returns whether the
    /// user's own locale was UTF-8: when not, the terminal is assumed not to be, and the
    /// review draws in ASCII.
    @discardableResult
    static func useUTF8Locale() -> Bool {
        let current = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            _ = setlocale(LC_ALL, "C.UTF-8")
            return false
        }
        return true
    }

    /// `newterm(NULL, stdout, stdin)` (unlike `initscr` it returns instead of exiting on an
    /// unknown TERM), then `raw` (not `cbreak`: a ^C inside a terminal's reply must not raise
    /// SIGINT; `CursesScreen` handles ^C and ^Z itself), `noecho`, `nonl`, `keypad`,
    /// `curs_set(0)`, `set_escdelay`.
    /// With `type`, `newterm(type, stdout, stdin)`: that terminfo entry instead of $TERM's.
    static func start(type: String? = nil) -> Bool {
        guard let s = type.map({ lb_newterm_type($0) }) ?? lb_newterm_stdio() else { return false }
        screen = s
        raw()
        noecho()
        nonl()
        keypad(lb_stdscr(), true)
        nodelay(lb_stdscr(), true)
        _ = curs_set(0)
        _ = set_escdelay(25)
        return true
    }

    /// `def_shell_mode` then `reset_prog_mode`: the terminal's modes now are what `stop` gives
    /// back, and curses' own modes are set again.
    static func saveShellModesAndResume() {
        def_shell_mode()
        reset_prog_mode()
    }

    /// `has_colors`, then `start_color` and `use_default_colors` so -1 is the terminal's default.
    static func startColor() -> Bool {
        guard has_colors() else { return false }
        start_color()
        _ = use_default_colors()
        return true
    }

    /// `endwin` and `delscreen`.
    static func stop() {
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    /// `COLORS`.
    static var colors: Int { Int(lb_colors()) }
    /// `COLOR_PAIRS`.
    static var colorPairs: Int { Int(lb_color_pairs()) }
    /// `getmaxx(stdscr)`, `getmaxy(stdscr)`.
    static var size: (width: Int, height: Int) {
        (Int(getmaxx(lb_stdscr())), Int(getmaxy(lb_stdscr())))
    }

    /// The terminal's real size now (TIOCGWINSZ on stdout), or nil when unknown.
    static func terminalSize() -> (width: Int, height: Int)? {
        GraphicsProbe.windowSize().map { ($0.cells.columns, $0.cells.rows) }
    }

    /// `resizeterm(lines, columns)`: tells ncurses the terminal changed size.
    static func resize(width: Int, height: Int) {
        _ = resizeterm(Int32(height), Int32(width))
    }

    /// `wget_wch(stdscr)` in no-delay mode: the next pending key, or nil when none is waiting.
    static func readInput() -> Input? {
        var value: wint_t = 0
        let status = wget_wch(lb_stdscr(), &value)
        if status == OK { return .character(UInt32(value)) }
        if status == KEY_CODE_YES && Int32(value) == KEY_MOUSE {
            var event = MEVENT()
            guard getmouse(&event) == OK else { return .function(KEY_MOUSE) }
            return .mouse(x: Int(event.x), y: Int(event.y), buttons: UInt(event.bstate))
        }
        if status == KEY_CODE_YES { return .function(Int32(value)) }
        return nil
    }

    /// `mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION)` and `mouseinterval(0)` (no wait
    /// for clicks: a press acts at once); true when the terminal reports the mouse.
    static func enableMouse() -> Bool {
        _ = mouseinterval(0)
        return mousemask(LB_ALL_MOUSE_EVENTS | LB_REPORT_MOUSE_POSITION, nil) != 0
    }

    /// ncurses' mouse event bits, for `TerminalInput` to name.
    static let button1Pressed = UInt(LB_BUTTON1_PRESSED), button1Released = UInt(LB_BUTTON1_RELEASED)
    static let button1Clicked = UInt(LB_BUTTON1_CLICKED), button3Pressed = UInt(LB_BUTTON3_PRESSED)
    static let button3Released = UInt(LB_BUTTON3_RELEASED)
    static let button4Pressed = UInt(LB_BUTTON4_PRESSED), button5Pressed = UInt(LB_BUTTON5_PRESSED)
    static let reportPosition = UInt(LB_REPORT_MOUSE_POSITION)

    /// `alloc_pair(fg, bg)`: a colour pair number for the two colours (-1 is the default),
    /// or nil when the table is full.
    static func allocPair(foreground: Int32, background: Int32) -> Int32? {
        let pair = alloc_pair(foreground, background)
        return pair < 0 ? nil : pair
    }

    /// `reset_color_pairs()`: forgets every allocated pair.
    static func resetPairs() {
        reset_color_pairs()
    }

    /// Attribute bits for bold, dim, underline, reverse.
    static func attributes(bold: Bool, dim: Bool, underline: Bool, reverse: Bool) -> attr_t {
        var a = LB_A_NORMAL
        if bold { a |= LB_A_BOLD }
        if dim { a |= LB_A_DIM }
        if underline { a |= LB_A_UNDERLINE }
        if reverse { a |= LB_A_REVERSE }
        return a
    }

    /// `setcchar` + `mvadd_wch`: draws one grapheme at (`x`, `y`) with attributes and an
    /// extended colour pair (passed through `opts`, so pairs above 32767 work).
    static func draw(_ symbol: String, x: Int, y: Int, attributes: attr_t, pair: Int32) {
        var chars: [wchar_t] = symbol.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        chars.append(0)
        var cell = cchar_t()
        var extendedPair = pair
        _ = chars.withUnsafeBufferPointer { setcchar(&cell, $0.baseAddress, attributes, 0, &extendedPair) }
        _ = mvadd_wch(Int32(y), Int32(x), &cell)
    }

    /// `getcurx(curscr)`, `getcury(curscr)`: where ncurses believes the cursor is.
    static var physicalCursor: (x: Int, y: Int) { (Int(lb_cursor_x()), Int(lb_cursor_y())) }

    /// Writes to standard output escapes ncurses cannot produce itself (24-bit colours on a
    /// 256-colour terminfo entry), after `flush` so they follow ncurses' own output.
    static func writeRaw(_ text: String) {
        TerminalSyscalls.writeAll(Array(text.utf8), to: TerminalSyscalls.standardOutput)
    }

    /// `wnoutrefresh(stdscr)` + `doupdate()`: sends the changes to the terminal.
    static func flush() {
        wnoutrefresh(lb_stdscr())
        doupdate()
    }

    /// `clearok(curscr, TRUE)`-style full repaint: `wclear` so the next flush redraws everything.
    static func clearScreen() {
        wclear(lb_stdscr())
    }

    /// Function-key codes the review uses.
    static let keyUp = KEY_UP, keyDown = KEY_DOWN, keyLeft = KEY_LEFT, keyRight = KEY_RIGHT
    static let keyPageUp = KEY_PPAGE, keyPageDown = KEY_NPAGE, keyHome = KEY_HOME, keyEnd = KEY_END
    static let keyEnter = KEY_ENTER, keyBackspace = KEY_BACKSPACE, keyResize = KEY_RESIZE, keyDelete = KEY_DC
}
