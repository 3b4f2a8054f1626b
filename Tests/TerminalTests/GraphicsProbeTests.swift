import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Terminal
import TerminalGraphics
import Testing

/// A pseudo-terminal: the probe talks to `slave`, the test plays the terminal on `master`.
private struct PseudoTerminal {
    let master: Int32
    let slave: Int32

    /// Opens /dev/ptmx, unlocks it and opens its /dev/pts/N. Swift's Glibc module hides
    /// posix_openpt and friends, so the two Linux ioctls they wrap are called directly.
    init() throws {
        let unlock: UInt = 0x4004_5431   // TIOCSPTLCK = _IOW('T', 0x31, int)
        let number: UInt = 0x8004_5430   // TIOCGPTN = _IOR('T', 0x30, unsigned int)
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var locked: Int32 = 0, n: UInt32 = 0
        guard master >= 0, ioctl(master, unlock, &locked) == 0, ioctl(master, number, &n) == 0 else {
            throw POSIXError(.ENODEV)
        }
        slave = open("/dev/pts/\(n)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENODEV) }
    }

    func close() { _ = Glibc.close(slave); _ = Glibc.close(master) }

    /// On another thread: reads what the probe sends until DA1 (`ESC [ c`), then answers
    /// `reply` (nil: stays silent). Returns a function that waits and gives what was read.
    func answer(_ reply: String?, then later: String? = nil, after seconds: Double = 0) -> () -> String {
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        let master = self.master
        Thread {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 256)
            while !String(decoding: bytes, as: UTF8.self).hasSuffix("\u{1B}[c") {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 2000) > 0 else { break }
                let n = read(master, &buffer, buffer.count)
                guard n > 0 else { break }
                bytes += buffer[0..<n]
            }
            if let reply { _ = Array(reply.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) } }
            if let later {
                usleep(UInt32(seconds * 1_000_000))
                _ = Array(later.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            }
            received.text = String(decoding: bytes, as: UTF8.self)
            done.signal()
        }.start()
        return { done.wait(); return received.text }
    }
}

private final class Received: @unchecked Sendable { var text = "" }

@Suite("graphics probe on a pseudo-terminal", .serialized)
struct GraphicsProbeTests {
    @Test("answered as kitty would: the queries go out in order, kitty and the cell size are read, modes restored")
    func kitty() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        var before = termios()
        tcgetattr(pty.slave, &before)
        let sent = pty.answer("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;18;9t\u{1B}[4;720;1080t\u{1B}[?62;c")
        let replies = try #require(GraphicsProbe.ask(input: pty.slave, output: pty.slave, timeoutMilliseconds: 2000))
        #expect(sent() == GraphicsProbe.queries)
        #expect(replies.kittyOK && replies.complete)
        #expect(replies.cellSize == CellPixelSize(width: 9, height: 18))
        #expect(GraphicsChoice.decide(request: .auto, insideTmux: false, replies: replies).graphics == .kitty)
        var after = termios()
        tcgetattr(pty.slave, &after)
        #expect(after.c_lflag == before.c_lflag)
        #expect(before.c_lflag & tcflag_t(ICANON) != 0)
    }

    @Test("answered as xterm -ti vt340 would: sixel")
    func sixel() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let sent = pty.answer("\u{1B}[?63;1;2;4;6;9;15;16;22;28c")
        let replies = try #require(GraphicsProbe.ask(input: pty.slave, output: pty.slave, timeoutMilliseconds: 2000))
        _ = sent()
        #expect(replies.sixel && !replies.kittyOK)
    }

    @Test("a silent terminal times out after about 100 ms and yields block characters; a pipe is not asked")
    func silentAndNotATerminal() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let sent = pty.answer(nil)
        let start = Date()
        let replies = GraphicsProbe.ask(input: pty.slave, output: pty.slave)
        let elapsed = Date().timeIntervalSince(start)
        _ = sent()
        #expect(replies?.complete == false)
        #expect(elapsed >= 0.09 && elapsed < 1.0, "took \(elapsed) s")
        #expect(GraphicsChoice.decide(request: .auto, insideTmux: false, replies: replies).graphics == .symbols)
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { _ = close(fds[0]); _ = close(fds[1]) }
        #expect(GraphicsProbe.ask(input: fds[0], output: fds[1]) == nil)
    }

    @Test("a reply that never ends holds the probe no longer than its absolute deadline, and curses inherits the open reply")
    func neverEndingReply() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let sent = pty.answer("\u{1B}[6;20;10t\u{1B}_Gi=31;a x u 2 q \u{03}")   // no ESC \\ ever
        let start = Date()
        let replies = try #require(GraphicsProbe.ask(input: pty.slave, output: pty.slave, timeoutMilliseconds: 100))
        let elapsed = Date().timeIntervalSince(start)
        _ = sent()
        #expect(elapsed >= 0.29 && elapsed < 1.0, "took \(elapsed) s")   // 100 ms, then 200 ms more for the open reply
        #expect(replies.cellSize == CellPixelSize(width: 10, height: 20) && !replies.complete)
        #expect(GraphicsProbe.pendingInput?.insideReply == true)
        GraphicsProbe.pendingInput = nil
    }

    @Test("a reply cut by the deadline is read to its end; raw mode takes ^C as a byte")
    func replyCutByTheDeadline() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let sent = pty.answer("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;2", then: "0;10t\u{1B}[?62;c", after: 0.12)
        let replies = try #require(GraphicsProbe.ask(input: pty.slave, output: pty.slave, timeoutMilliseconds: 100))
        _ = sent()
        #expect(replies.kittyOK && replies.complete && replies.cellSize == CellPixelSize(width: 10, height: 20), "\(replies)")
        #expect(GraphicsProbe.pendingInput?.insideSequence == false)
        GraphicsProbe.pendingInput = nil
        var modes = termios()
        tcgetattr(pty.slave, &modes)
        let raw = TerminalSyscalls.raw(modes)
        #expect(raw.c_lflag & tcflag_t(ISIG | ICANON | ECHO) == 0 && raw.c_iflag & tcflag_t(IXON) == 0)
    }
}
