#if canImport(Glibc)
import Glibc
#endif
import TerminalGraphics

/// Asks the terminal, before curses takes it, whether it speaks the kitty graphics protocol
/// or sixel and how large its cells are. The only file that does this terminal I/O; what the
/// replies mean is decided by `TerminalReplies` and `GraphicsChoice`, which are pure.
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
    public static func ask(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                           timeoutMilliseconds: Int = 100) -> TerminalReplies? {
        guard isatty(input) != 0, isatty(output) != 0 else { return nil }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return nil }
        // Whatever else was read or is pending (keys typed meanwhile) is dropped with the modes
        // restored, so a half-read reply does not reach curses as keys.
        defer { _ = tcsetattr(input, TCSAFLUSH, &saved) }

        guard writeAll(Array(queries.utf8), to: output) else { return nil }
        var bytes: [UInt8] = []
        var replies = TerminalReplies()
        let deadline = milliseconds() + timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !replies.complete {
            let left = deadline - milliseconds()
            if left <= 0 { break }
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = read(input, &buffer, buffer.count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            replies = TerminalReplies(parsing: bytes)
        }
        return replies
    }

    /// The terminal's text area in pixels from TIOCGWINSZ (`ws_xpixel`, `ws_ypixel`) and its
    /// size in cells; pixels nil when the terminal leaves them zero.
    public static func windowSize(_ descriptor: Int32 = STDOUT_FILENO) -> (pixels: (width: Int, height: Int)?, cells: (columns: Int, rows: Int))? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        let pixels = size.ws_xpixel > 0 && size.ws_ypixel > 0 ? (Int(size.ws_xpixel), Int(size.ws_ypixel)) : nil
        return (pixels, (Int(size.ws_col), Int(size.ws_row)))
    }

    /// `write(2)` until all of `bytes` is out (retrying on EINTR); false on another error.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// A monotonic clock in milliseconds (`clock_gettime(CLOCK_MONOTONIC)`).
    private static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
