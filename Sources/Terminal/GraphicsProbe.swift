import TerminalGraphics

/// Asks the terminal, before curses takes it, whether it speaks the kitty graphics protocol
/// or sixel and how large its cells are. The only file that does this terminal I/O; what the
/// replies mean is decided by `TerminalReplies` and `GraphicsChoice`, which are pure; the
/// calls themselves go through `TerminalSyscalls`.
public enum GraphicsProbe {
    /// The queries, in the order sent: kitty `a=q`, cell size (`CSI 16 t`), text area in
    /// pixels (`CSI 14 t`), then DA1 (`CSI c`), which every terminal answers, last.
    public static let queries = KittyGraphics.query + "\u{1B}[16t" + "\u{1B}[14t" + "\u{1B}[c"

    /// Sends `queries` on `output` and reads replies from `input` in raw mode (no echo, no
    /// line buffering) until DA1's reply arrives or `timeoutMilliseconds` pass, then restores
    /// the terminal's modes. Nil when `input` or `output` is not a terminal or its modes
    /// cannot be set; the replies so far (possibly incomplete) on timeout.
    ///
    /// Keys typed during the wait are read with the replies and dropped; so is input pending
    /// when the modes are restored (TCSAFLUSH).
    public static func ask(input: Int32 = 0, output: Int32 = 1,  // standard input and output
                           timeoutMilliseconds: Int = 100) -> TerminalReplies? {
        guard TerminalSyscalls.isTerminal(input), TerminalSyscalls.isTerminal(output),
              let saved = TerminalSyscalls.modes(input),
              TerminalSyscalls.setModes(TerminalSyscalls.raw(saved), on: input, flushingInput: false) else { return nil }
        // Whatever else was read or is pending (keys typed meanwhile) is dropped with the modes
        // restored, so a half-read reply does not reach curses as keys.
        defer { TerminalSyscalls.setModes(saved, on: input, flushingInput: true) }

        guard TerminalSyscalls.writeAll(Array(queries.utf8), to: output) else { return nil }
        var bytes: [UInt8] = []
        var replies = TerminalReplies()
        let deadline = TerminalSyscalls.monotonicMilliseconds() + timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !replies.complete {
            let left = deadline - TerminalSyscalls.monotonicMilliseconds()
            if left <= 0 { break }
            let revents = TerminalSyscalls.pollInput([input], timeoutMilliseconds: Int32(left))
            if revents.isEmpty { continue }   // EINTR: look at the clock again
            guard revents[0] & TerminalSyscalls.readable != 0 else { break }
            guard let count = TerminalSyscalls.read(input, into: &buffer) else { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            replies = TerminalReplies(parsing: bytes)
        }
        return replies
    }

    /// The terminal's text area in pixels from TIOCGWINSZ (`ws_xpixel`, `ws_ypixel`) and its
    /// size in cells; pixels nil when the terminal leaves them zero.
    public static func windowSize(_ descriptor: Int32 = 1) -> (pixels: (width: Int, height: Int)?, cells: (columns: Int, rows: Int))? {
        TerminalSyscalls.windowSize(descriptor)
    }
}
