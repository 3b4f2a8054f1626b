#if canImport(Glibc)
import ReviewApp
import Glibc
#endif

/// The size of the terminal on stdout, if stdout is one.
enum TerminalSize {
    static func current() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// The text area of the terminal on stdout in pixels (TIOCGWINSZ's `ws_xpixel`,
    /// `ws_ypixel`), nil when stdout is not a terminal or the terminal leaves them zero.
    static func currentPixels() -> (width: Int, height: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_xpixel > 0, size.ws_ypixel > 0 else { return nil }
        return (Int(size.ws_xpixel), Int(size.ws_ypixel))
    }
}
