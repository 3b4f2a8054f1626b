// The only file in Terminal that calls the C library for the terminal and its descriptors
// (Curses.swift calls ncurses): one Swift function per C function or small group, retrying on
// EINTR. Wakeup and GraphicsProbe reach the OS through `TerminalSyscalls`.
#if canImport(Glibc)
import Glibc
#endif

/// The POSIX calls the terminal code makes.
enum TerminalSyscalls {
    /// `isatty(3)`.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// `write(2)` until all of `bytes` is out, retrying on EINTR; false on another error.
    @discardableResult
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// `read(2)` of at most `buffer.count` bytes: the count, 0 at end of file, nil when nothing
    /// was read for a retryable reason (EINTR, EAGAIN), -1 on another error.
    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> Int? {
        let n = Glibc.read(fd, &buffer, buffer.count)
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return nil }
        return n
    }

    /// `poll(2)` for input on `fds` up to `timeoutMilliseconds` (-1: forever); the `revents` of
    /// each, empty after EINTR or an error.
    static func pollInput(_ fds: [Int32], timeoutMilliseconds: Int32) -> [Int16] {
        var polled = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&polled, nfds_t(polled.count), timeoutMilliseconds) >= 0 else { return [] }
        return polled.map(\.revents)
    }

    /// `POLLIN`, and the hang-up bits (`POLLHUP | POLLERR | POLLNVAL`) of a `revents` value.
    static let readable = Int16(POLLIN)
    static let hungUp = Int16(POLLHUP | POLLERR | POLLNVAL)

    /// `pipe(2)` with both ends non-blocking and close-on-exec; (-1, -1) when it fails.
    static func nonBlockingPipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { return (-1, -1) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// `close(2)`.
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// The pipe end the signal handlers write to (a signal handler can reach only globals).
    nonisolated(unsafe) private static var signalDescriptor: Int32 = -1

    /// Installs handlers that write `byte` to `fd` on each of `signals` (`signal(2)`); the last
    /// `fd` given is used by all of them.
    static func writeByte(_ byte: UInt8, to fd: Int32, on signals: [Int32]) {
        signalDescriptor = fd
        for signalNumber in signals {
            let handler: @convention(c) (Int32) -> Void
            switch byte {
            case Wakeup.resizeByte: handler = { _ in var b = Wakeup.resizeByte; _ = write(TerminalSyscalls.signalDescriptor, &b, 1) }
            default: handler = { _ in var b = Wakeup.hangupByte; _ = write(TerminalSyscalls.signalDescriptor, &b, 1) }
            }
            _ = signal(signalNumber, handler)
        }
    }

    /// SIGWINCH; SIGHUP, SIGTERM and SIGINT.
    static let resizeSignals = [SIGWINCH]
    static let endSignals = [SIGHUP, SIGTERM, SIGINT]

    /// The terminal's modes (`tcgetattr(3)`), or nil when `fd` is not a terminal.
    static func modes(_ fd: Int32) -> termios? {
        var saved = termios()
        return tcgetattr(fd, &saved) == 0 ? saved : nil
    }

    /// `modes` without echo, line buffering, signal and flow-control characters (a ^C or ^S
    /// inside a terminal's reply is a byte, not SIGINT or a stop), reads returning at once
    /// (VMIN = VTIME = 0).
    static func raw(_ modes: termios) -> termios {
        var raw = modes
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        return raw
    }

    /// `tcsetattr(3)` now (TCSANOW) or after dropping pending input (TCSAFLUSH); false on failure.
    @discardableResult
    static func setModes(_ modes: termios, on fd: Int32, flushingInput: Bool) -> Bool {
        var m = modes
        return tcsetattr(fd, flushingInput ? TCSAFLUSH : TCSANOW, &m) == 0
    }

    /// `ioctl(TIOCGWINSZ)`: cells, and pixels when the terminal fills them in.
    static func windowSize(_ fd: Int32) -> (pixels: (width: Int, height: Int)?, cells: (columns: Int, rows: Int))? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        let pixels = size.ws_xpixel > 0 && size.ws_ypixel > 0 ? (Int(size.ws_xpixel), Int(size.ws_ypixel)) : nil
        return (pixels, (Int(size.ws_col), Int(size.ws_row)))
    }

    /// `clock_gettime(CLOCK_MONOTONIC)` in milliseconds.
    static func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }

    /// `raise(SIGTSTP)`: stops the program as ^Z would with signal characters on (curses'
    /// handler gives the terminal back first and takes it again on `fg`).
    static func suspend() { _ = raise(SIGTSTP) }

    /// Standard input and output.
    static let standardInput = STDIN_FILENO, standardOutput = STDOUT_FILENO
}
