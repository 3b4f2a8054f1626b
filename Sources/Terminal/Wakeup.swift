#if canImport(Glibc)
import Glibc
#endif

/// The pipe end the signal handlers write to (a signal handler can reach only globals).
nonisolated(unsafe) private var wakeupDescriptor: Int32 = -1

/// The byte a SIGHUP or SIGTERM handler writes: the session should end.
private let hangupByte: UInt8 = 3

/// Lets background threads wake the UI thread, which sleeps in `poll(2)` on the terminal and
/// a pipe: `signal()` writes a byte, `wait` returns when a key or a byte arrives.
public final class Wakeup: @unchecked Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Creates the pipe (both ends non-blocking, close-on-exec).
    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        if readEnd >= 0 { Glibc.close(readEnd) }
        if writeEnd >= 0 { Glibc.close(writeEnd) }
    }

    /// Makes SIGWINCH wake `wait` too (whichever thread the signal lands on), so a resize is
    /// seen at once; the screen then reads the new size itself.
    public func wakeOnResize() {
        wakeupDescriptor = writeEnd
        _ = Glibc.signal(SIGWINCH) { _ in
            var byte: UInt8 = 2
            _ = write(wakeupDescriptor, &byte, 1)
        }
    }

    /// Makes SIGHUP (the terminal or SSH connection went away), SIGTERM and SIGINT (Ctrl-C) end
    /// the session the way `q` does, through `wait`, so verdicts still queued are written and
    /// the summary printed before the process exits, rather than being cut off by the default action.
    public func endOnHangup() {
        wakeupDescriptor = writeEnd
        for signalNumber in [SIGHUP, SIGTERM, SIGINT] {
            _ = Glibc.signal(signalNumber) { _ in
                var byte: UInt8 = hangupByte
                _ = write(wakeupDescriptor, &byte, 1)
            }
        }
    }

    /// True once the terminal hung up (SIGHUP, or standard input reports a hang-up or error)
    /// or SIGTERM arrived: keys will not come any more.
    public private(set) var hungUp = false

    /// Wakes the waiting thread; callable from any thread (a full pipe already means "awake").
    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Sleeps until standard input is readable, `signal` was called, a signal (SIGWINCH)
    /// interrupts, or `timeoutMilliseconds` pass (-1 waits forever); drains the pipe.
    public func wait(timeoutMilliseconds: Int32) {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, timeoutMilliseconds)
        // A closed terminal keeps stdin "ready" for ever; without this the loop would spin.
        if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hungUp = true }
        if fds[1].revents != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            var count = 0
            repeat {
                count = read(readEnd, &buffer, buffer.count)
                if count > 0 && buffer[0..<count].contains(hangupByte) { hungUp = true }
            } while count > 0
        }
    }
}
