import TerminalGraphics
#if canImport(Glibc)
import Glibc
#endif

/// Asks the terminal, before curses takes it, whether it speaks the kitty graphics protocol
/// or sixel and how large its cells are. The only file that does this terminal I/O; what the
/// replies mean is decided by `TerminalReplies` and `GraphicsChoice`, which are pure; the
/// calls themselves go through `TerminalSyscalls`.
public enum GraphicsProbe {
    /// The queries, in the order sent: kitty `a=q`, cell size (`CSI 16 t`), text area in
    /// pixels (`CSI 14 t`), then DA1 (`CSI c`), which every terminal answers, last.
    public static let queries = KittyGraphics.query + "\u{1B}[16t" + "\u{1B}[14t" + "\u{1B}[c"

    /// Sends `queries` on `output` and reads replies from `input` in raw mode (no echo, no line
    /// buffering, no signal characters: a ^C inside a reply is a byte, not SIGINT) until DA1's
    /// reply arrives or `timeoutMilliseconds` pass, then restores the terminal's modes. A reply
    /// half-read at that moment is read to its terminator, but never past an absolute deadline
    /// of `hardTimeout(timeoutMilliseconds)`, so a never-ending reply cannot hold up start-up.
    /// Nil when `input` or `output` is not a terminal or its modes cannot be set; the replies so
    /// far (possibly incomplete) on timeout.
    ///
    /// Keys typed during the wait are read with the replies and dropped, and so is the input
    /// pending at the end; it is read through an `EscapeSequenceFilter` (not flushed blindly), and
    /// that filter is handed to the next `CursesScreen`, so a reply still arriving, or cut in two,
    /// is swallowed whole rather than read as keys.
    ///
    /// With `keepingRawModes` (a `CursesScreen` opens next), the terminal stays in raw mode
    /// until curses takes it, so a reply arriving in between is neither echoed nor able to
    /// raise SIGINT or SIGTSTP; the screen restores the modes for curses' shell mode. Then
    /// call `restoreModes()` if no screen opens after all.
    public static func ask(input: Int32 = 0, output: Int32 = 1,  // standard input and output
                           timeoutMilliseconds: Int = 100, keepingRawModes: Bool = false) -> TerminalReplies? {
        guard TerminalSyscalls.isTerminal(input), TerminalSyscalls.isTerminal(output),
              let saved = TerminalSyscalls.modes(input),
              TerminalSyscalls.setModes(TerminalSyscalls.raw(saved), on: input, flushingInput: false) else { return nil }
        let start = TerminalSyscalls.monotonicMilliseconds()
        let deadline = start + timeoutMilliseconds
        let hardDeadline = start + hardTimeout(timeoutMilliseconds)
        var filter = EscapeSequenceFilter()
        defer {
            // Whatever is pending now (keys typed meanwhile, a reply arriving) is dropped, read
            // through the filter so its state carries over to curses.
            drain(input, through: &filter, until: hardDeadline)
            if keepingRawModes { pendingModes = (input, saved) } else { TerminalSyscalls.setModes(saved, on: input, flushingInput: false) }
            pendingInput = filter
        }

        guard TerminalSyscalls.writeAll(Array(queries.utf8), to: output) else { return nil }
        var bytes: [UInt8] = []
        var replies = TerminalReplies()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let now = TerminalSyscalls.monotonicMilliseconds()
            // DA1 comes last; past the deadline, only a reply half-read is waited for.
            if (replies.complete || now >= deadline) && !filter.insideReply { break }
            if now >= hardDeadline { break }
            let left = (now < deadline ? deadline : hardDeadline) - now
            let revents = TerminalSyscalls.pollInput([input], timeoutMilliseconds: Int32(left))
            // EINTR or timeout: look at the clock again; a hang-up ends the wait.
            guard let ready = revents.first, ready != 0 else { continue }
            guard ready & TerminalSyscalls.readable != 0 else { break }
            guard let count = TerminalSyscalls.read(input, into: &buffer) else { continue }
            guard count > 0 else { break }
            _ = filter.feed(bytes: buffer[0..<count], at: TerminalSyscalls.monotonicMilliseconds())
            // Replies are short; a terminal streaming without end is not parsed for ever.
            if bytes.count < maximumReplyBytes {
                bytes += buffer[0..<count]
                replies = TerminalReplies(parsing: bytes)
            }
        }
        return replies
    }

    /// The absolute deadline of `ask` for a given reply timeout: the timeout plus as much again
    /// (at least 200 ms) to finish a reply already arriving.
    public static func hardTimeout(_ timeoutMilliseconds: Int) -> Int {
        timeoutMilliseconds + max(200, timeoutMilliseconds)
    }

    /// Bytes of replies parsed at most; the rest is read and dropped.
    static let maximumReplyBytes = 16_384

    /// The input state `ask` left behind (inside a reply or not), taken by the next
    /// `CursesScreen`: the terminal is one per process, and so is this.
    nonisolated(unsafe) static var pendingInput: EscapeSequenceFilter?

    /// The terminal's modes before `ask(keepingRawModes: true)`, to restore, and its descriptor.
    nonisolated(unsafe) static var pendingModes: (descriptor: Int32, modes: termios)?

    /// Gives the terminal back the modes it had before `ask(keepingRawModes: true)`, when no
    /// `CursesScreen` took it over; does nothing otherwise.
    public static func restoreModes() {
        guard let (fd, modes) = pendingModes else { return }
        pendingModes = nil
        TerminalSyscalls.setModes(modes, on: fd, flushingInput: false)
    }

    /// Reads whatever `input` holds now, without waiting, through `filter`, and drops it; stops
    /// at `deadline` even if input keeps coming. `input` must be in non-canonical mode.
    static func drain(_ input: Int32, through filter: inout EscapeSequenceFilter, until deadline: Int) {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while TerminalSyscalls.monotonicMilliseconds() < deadline {
            let revents = TerminalSyscalls.pollInput([input], timeoutMilliseconds: 0)
            guard revents.first.map({ $0 & TerminalSyscalls.readable != 0 }) == true,
                  let count = TerminalSyscalls.read(input, into: &buffer), count > 0 else { return }
            _ = filter.feed(bytes: buffer[0..<count], at: TerminalSyscalls.monotonicMilliseconds())
        }
    }

    /// The terminal's text area in pixels from TIOCGWINSZ (`ws_xpixel`, `ws_ypixel`) and its
    /// size in cells; pixels nil when the terminal leaves them zero.
    public static func windowSize(_ descriptor: Int32 = 1) -> (pixels: (width: Int, height: Int)?, cells: (columns: Int, rows: Int))? {
        TerminalSyscalls.windowSize(descriptor)
    }
}
