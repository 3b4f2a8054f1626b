import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Imaging
import Storage
import Terminal
import TerminalGraphics
import TestSupport
import Testing
import ReviewApp

/// `lightbox review` on a pseudo-terminal whose master end plays a kitty terminal: answers the
/// kitty query and DA1, records every byte the program writes, types keys.
private final class KittyTerminal {
    let master: Int32
    let slavePath: String
    private(set) var output: [UInt8] = []
    private var answered = false
    /// What the terminal answers to the queries.
    let reply: String

    /// As kitty answers: the kitty query OK, cells 10x20, DA1 without sixel.
    static let kitty = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;c"
    /// As xterm -ti vt340 answers: no kitty reply, cells 10x20, DA1 with 4 (sixel).
    static let xtermVT340 = "\u{1B}[6;20;10t\u{1B}[?63;1;2;4;6;9;15;16;22;28c"

    init(columns: Int, rows: Int, reply: String = KittyTerminal.kitty) throws {
        self.reply = reply
        // Swift's Glibc hides posix_openpt: the ioctls it wraps (TIOCSPTLCK, TIOCGPTN).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var locked: Int32 = 0, n: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &locked) == 0, ioctl(master, 0x8004_5430, &n) == 0 else {
            throw POSIXError(.ENODEV)
        }
        slavePath = "/dev/pts/\(n)"
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: UInt16(columns * 10), ws_ypixel: UInt16(rows * 20))
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    deinit { _ = close(master) }

    /// Reads for up to `seconds` or until `done(output)`; answers the queries once DA1 is asked.
    @discardableResult
    func pump(seconds: Double, until done: ([UInt8]) -> Bool = { _ in false }) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < end {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { return done(output) }
                output += buffer[0..<count]
                if !answered, String(decoding: output, as: UTF8.self).contains("\u{1B}[c") {
                    answered = true
                    type(reply)
                }
            }
            if done(output) { return true }
        }
        return done(output)
    }

    func type(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }
}

/// Starts `argv` with stdin, stdout and stderr on the terminal at `tty`, with `environment`.
private func spawn(_ argv: [String], tty: String, environment: [String]) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, tty, O_RDWR, 0) }
    var attributes = posix_spawnattr_t()
    resetSignals(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer { for p in cArgs + cEnv { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv) == 0 else { return nil }
    return pid
}

/// Each complete kitty transmission (`ESC _G a=T ...` through the chunk with `m=0`) in `bytes`.
/// Works on bytes: as a String, ESC before other characters is open to Unicode matching rules.
private func transmissions(_ bytes: [UInt8]) -> [String] {
    var out: [String] = []
    var current: [UInt8]?
    var i = 0
    while i + 2 < bytes.count {
        guard bytes[i] == 0x1B, bytes[i + 1] == UInt8(ascii: "_"), bytes[i + 2] == UInt8(ascii: "G") else {
            current = nil   // anything between chunks ends a transmission
            i += 1
            continue
        }
        var j = i + 3
        while j + 1 < bytes.count && !(bytes[j] == 0x1B && bytes[j + 1] == UInt8(ascii: "\\")) { j += 1 }
        guard j + 1 < bytes.count else { break }
        let command = Array(bytes[i...(j + 1)])
        let keys = String(decoding: command[3..<(command.firstIndex(of: UInt8(ascii: ";")) ?? command.count)], as: UTF8.self)
        if keys.hasPrefix("a=T") { current = command } else if current != nil { current! += command }
        if keys.split(separator: ",").contains("m=0"), let done = current {
            out.append(String(decoding: done, as: UTF8.self))
            current = nil
        }
        i = j + 2
    }
    return out
}

@Suite("review --graphics kitty on a pseudo-terminal", .serialized)
struct ReviewGraphicsTests {
    @Test("answered as kitty: the film goes right of the worklist as a kitty image, j sends the next one, quit deletes it")
    func kittyReview() throws {
        let exe = try #require(lightboxExecutable())
        let study = try StudyFixture.make(count: 3, size: 512)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let terminal = try KittyTerminal(columns: 120, rows: 40)
        let env = ["TERM=xterm-256color", "HOME=\(NSTemporaryDirectory())", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512", "LANG=C.UTF-8"]
        let pid = try #require(spawn([exe, "review", study, "--log", study + "/log.csv", "--reviewer", "t"],
                                     tty: terminal.slavePath, environment: env))
        var status: Int32 = 0
        defer { if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) } }

        #expect(terminal.pump(seconds: 20) { transmissions($0).count >= 1 }, "no kitty image within 20 s")
        let queries = String(decoding: terminal.output.prefix(GraphicsProbe.queries.utf8.count), as: UTF8.self)
        #expect(queries == GraphicsProbe.queries)   // asked before curses wrote anything
        terminal.type("j")
        #expect(terminal.pump(seconds: 20) { transmissions($0).count >= 2 }, "j sent no new image")
        terminal.type("q")
        terminal.pump(seconds: 10) { String(decoding: $0, as: UTF8.self).contains("saved this session") }
        var exited = false
        for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
        if !exited { exited = waitpid(pid, &status, 0) == pid }
        #expect(exited && (status >> 8) & 0xff == 0)

        let text = String(decoding: terminal.output, as: UTF8.self)
        let images = transmissions(terminal.output)
        let first = try KittyDecoder.commands(images[0])
        let (keys, bytes) = try KittyDecoder.payload(first)
        #expect(keys["i"] == "\(FilmImagePainter.kittyID)" && keys["C"] == "1")
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(png.width == Int(keys["c"] ?? "0")! * 10 && png.height == Int(keys["r"] ?? "0")! * 20)
        // Placed right of the worklist: the cursor move before it names a column past 40.
        let before = String(text[..<(try #require(text.range(of: images[0])).lowerBound)])
        let move = try #require(before.components(separatedBy: "\u{1B}7\u{1B}[").last)   // "row;columnH"
        #expect(move.hasSuffix("H"))
        let column = Int(move.dropLast().split(separator: ";").last ?? "") ?? 0
        #expect(column > 40)
        // The image is the film: SSIM against one of the study's films at the same size.
        var best = 0.0
        let shown = png.bytes.map(Float.init)
        for i in 0..<3 {
            let film = try ImageFile.loadGray(path: study + String(format: "/film%05d.jpeg", i))
            let reference = film.resized(width: png.width, height: png.height).pixels
            best = max(best, meanSSIM(shown, reference, width: png.width, height: png.height))
        }
        #expect(best >= 0.97, "SSIM \(best)")
        // Deleted before curses leaves the alternate screen.
        let delete = try #require(text.range(of: KittyGraphics.delete(id: FilmImagePainter.kittyID), options: .backwards))
        let leave = try #require(text.range(of: "\u{1B}[?1049l", options: .backwards))
        #expect(delete.lowerBound < leave.lowerBound)
        #expect(text.range(of: "\u{1B}_Ga=T", options: .backwards)!.lowerBound < delete.lowerBound)
    }

    @Test("answered as xterm -ti vt340: the film goes right of the worklist as sixel at 10x20 pixels a cell, SSIM >= 0.95")
    func sixelReview() throws {
        let exe = try #require(lightboxExecutable())
        let study = try StudyFixture.make(count: 2, size: 512)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let terminal = try KittyTerminal(columns: 120, rows: 40, reply: KittyTerminal.xtermVT340)
        let env = ["TERM=xterm-256color", "HOME=\(NSTemporaryDirectory())", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512", "LANG=C.UTF-8"]
        let pid = try #require(spawn([exe, "review", study, "--log", study + "/log.csv", "--reviewer", "t"],
                                     tty: terminal.slavePath, environment: env))
        var status: Int32 = 0
        defer { if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) } }
        func sixel(_ bytes: [UInt8]) -> String? {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let start = text.range(of: "\u{1B}Pq"), let end = text[start.lowerBound...].range(of: "\u{1B}\\") else { return nil }
            return String(text[start.lowerBound..<end.upperBound])
        }
        #expect(terminal.pump(seconds: 20) { sixel($0) != nil }, "no sixel within 20 s")
        terminal.type("q")
        terminal.pump(seconds: 10) { String(decoding: $0, as: UTF8.self).contains("saved this session") }
        let image = try SixelDecoder.decode(try #require(sixel(terminal.output)))
        #expect(image.width % 10 == 0 && image.height % 20 == 0 && image.width >= 400)
        let text = String(decoding: terminal.output, as: UTF8.self)
        #expect(!text.contains("\u{1B}_Ga=T"))
        let before = String(text[..<(try #require(text.range(of: "\u{1B}Pq")).lowerBound)])
        let move = try #require(before.components(separatedBy: "\u{1B}7\u{1B}[").last)   // "row;columnH"
        #expect(move.hasSuffix("H") && (Int(move.dropLast().split(separator: ";").last ?? "") ?? 0) > 40)
        var best = 0.0
        let shown = image.pixels.map(Float.init)
        for i in 0..<2 {
            let film = try ImageFile.loadGray(path: study + String(format: "/film%05d.jpeg", i))
            best = max(best, meanSSIM(shown, film.resized(width: image.width, height: image.height).pixels, width: image.width, height: image.height))
        }
        #expect(best >= 0.95, "SSIM \(best)")
    }
}
