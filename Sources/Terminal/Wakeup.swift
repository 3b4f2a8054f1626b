/// Lets background threads wake the UI thread, which sleeps in `poll(2)` on the terminal and
/// a pipe: `signal()` writes a byte, `wait` returns when a key or a byte arrives.
public final class Wakeup: @unchecked Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// The byte `signal()` writes.
    static let wakeByte: UInt8 = 1
    /// The byte a SIGWINCH handler writes.
    static let resizeByte: UInt8 = 2
    /// The byte a SIGHUP or SIGTERM handler writes: the session should end.
    static let hangupByte: UInt8 = 3

    /// Creates the pipe (both ends non-blocking, close-on-exec).
    public init() {
        (readEnd, writeEnd) = TerminalSyscalls.nonBlockingPipe()
    }

    deinit {
        if readEnd >= 0 { TerminalSyscalls.close(readEnd) }
        if writeEnd >= 0 { TerminalSyscalls.close(writeEnd) }
    }

    /// Makes SIGWINCH wake `wait` too (whichever thread the signal lands on), so a resize is
    /// seen at once; the screen then reads the new size itself.
    public func wakeOnResize() {
        TerminalSyscalls.writeByte(Self.resizeByte, to: writeEnd, on: TerminalSyscalls.resizeSignals)
    }

    /// Makes SIGHUP (the terminal or SSH connection went away), SIGTERM and SIGINT (Ctrl-C) end
    /// the session the way `q` does, through `wait`, so verdicts still queued are written and
    /// the summary printed before the process exits, rather than being cut off by the default action.
    public func endOnHangup() {
        TerminalSyscalls.writeByte(Self.hangupByte, to: writeEnd, on: TerminalSyscalls.endSignals)
    }

    /// True once the terminal hung up (SIGHUP, or standard input reports a hang-up or error)
    /// or SIGTERM arrived: keys will not come any more.
    public private(set) var hungUp = false

    /// Ends the session as SIGINT would (^C read as a key, the terminal being in raw mode).
    func end() {
        hungUp = true
        signal()
    }

    /// Wakes the waiting thread; callable from any thread (a full pipe already means "awake").
    public func signal() {
        TerminalSyscalls.writeAll([Self.wakeByte], to: writeEnd)
    }

    /// Sleeps until standard input is readable, `signal` was called, a signal (SIGWINCH)
    /// interrupts, or `timeoutMilliseconds` pass (-1 waits forever); drains the pipe.
    public func wait(timeoutMilliseconds: Int32) {
        let revents = TerminalSyscalls.pollInput([TerminalSyscalls.standardInput, readEnd], timeoutMilliseconds: timeoutMilliseconds)
        guard revents.count == 2 else { return }
        // A closed terminal keeps stdin "ready" for ever; without this the loop would spin.
        if revents[0] & TerminalSyscalls.hungUp != 0 { hungUp = true }
        if revents[1] != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            while let count = TerminalSyscalls.read(readEnd, into: &buffer), count > 0 {
                if buffer[0..<count].contains(Self.hangupByte) { hungUp = true }
            }
        }
    }
}
