import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Imaging
import Storage
import Terminal
import TerminalGraphics
import GraphicsTestSupport
import TestSupport
import Testing
import ReviewApp
import Workflows

/// `lightbox review` on a pseudo-terminal whose master end plays a kitty terminal: answers the
/// kitty query and DA1, records every byte the program writes, types keys.
final class KittyTerminal {
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

    /// Reads until `seconds` pass with nothing new (the program has finished drawing).
    func settle(seconds: Double = 0.6, within limit: Double = 20) {
        let end = Date().addingTimeInterval(limit)
        var count = -1
        while output.count != count && Date() < end {
            count = output.count
            pump(seconds: seconds)
        }
    }

    func type(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// The terminal is now `columns x rows` (TIOCSWINSZ; the review checks the size each wake-up).
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: UInt16(columns * 10), ws_ypixel: UInt16(rows * 20))
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }
}

/// Starts `argv` with stdin, stdout and stderr on the terminal at `tty`, with `environment`;
/// with `newSession`, in a session of its own whose controlling terminal is `tty` (so a ^C
/// byte would raise SIGINT in it, were the terminal's signal characters on).
func spawn(_ argv: [String], tty: String, environment: [String], newSession: Bool = false) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, tty, O_RDWR, 0) }
    var attributes = posix_spawnattr_t()
    resetSignals(&attributes)
    if newSession {
        var flags: Int16 = 0
        posix_spawnattr_getflags(&attributes, &flags)
        posix_spawnattr_setflags(&attributes, flags | 0x80)   // POSIX_SPAWN_SETSID (glibc 2.26)
    }
    defer { posix_spawnattr_destroy(&attributes) }
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer { for p in cArgs + cEnv { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv) == 0 else { return nil }
    return pid
}


/// A review of a fresh study on a pseudo-terminal answering as `reply`; ends it on deinit.
private final class Session {
    let terminal: KittyTerminal
    let study: String
    let pid: pid_t
    private var status: Int32 = 0

    init(films: Int, reply: String) throws {
        let exe = try #require(lightboxExecutable())
        study = try StudyFixture.make(count: films, size: 512)
        terminal = try KittyTerminal(columns: 120, rows: 40, reply: reply)
        let env = ["TERM=xterm-256color", "HOME=\(NSTemporaryDirectory())", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512", "LANG=C.UTF-8"]
        pid = try #require(spawn([exe, "review", study, "--log", study + "/log.csv", "--reviewer", "t"],
                                 tty: terminal.slavePath, environment: env))
    }

    deinit {
        if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        try? FileManager.default.removeItem(atPath: study)
    }

    /// Types q and waits for the exit; true when it exited with status 0.
    func quit() -> Bool {
        terminal.type("q")
        terminal.pump(seconds: 10) { String(decoding: $0, as: UTF8.self).contains("saved this session") }
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xff == 0 }
            usleep(20_000)
        }
        return false
    }

    var text: String { String(decoding: terminal.output, as: UTF8.self) }

    /// The best SSIM of `greys` (`width x height`) against the study's films at that size.
    func bestSSIM(_ greys: [Float], width: Int, height: Int, films: Int) throws -> Double {
        var best = 0.0
        for i in 0..<films {
            let film = try ImageFile.loadFilm(path: study + String(format: "/film%05d.jpeg", i)).image
            best = max(best, meanSSIM(greys, film.resized(width: width, height: height).pixels, width: width, height: height))
        }
        return best
    }

    /// kitty placements (`a=p`) written so far, with their keys.
    func placements() throws -> [(at: PlacedSequence, keys: [String: String])] {
        try TerminalImageStream.placed(terminal.output).filter { $0.body.hasPrefix("\u{1B}_Ga=p") }
            .map { ($0, try KittyDecoder.commands($0.body)[0].keys) }
    }
}

@Suite("review --graphics auto on a pseudo-terminal", .serialized)
struct ReviewGraphicsTests {
    @Test("answered as kitty: transmitted, then placed right of the worklist (SSIM >= 0.97); help hides and re-places it; j replaces it; a resize re-places it; quit deletes it")
    func kittyReview() throws {
        let session = try Session(films: 3, reply: KittyTerminal.kitty)
        let terminal = session.terminal
        #expect(terminal.pump(seconds: 20) { _ in ((try? session.placements()) ?? []).count >= 1 }, "no kitty image within 20 s")
        let queries = String(decoding: terminal.output.prefix(GraphicsProbe.queries.utf8.count), as: UTF8.self)
        #expect(queries == GraphicsProbe.queries)   // asked before curses wrote anything

        let first = try #require(try TerminalImageStream.kittyTransmissions(terminal.output).first)
        let id = try #require(first.keys["i"])
        #expect(FilmImagePainter.kittyIDs.map(String.init).contains(id) && first.keys["a"] == "t" && first.keys["f"] == "100")
        let placed = try #require(try session.placements().first)
        #expect(placed.keys["i"] == id && placed.keys["C"] == "1")
        #expect(placed.at.column > 40)   // right of the worklist
        let png = try PNGDecoder.decodeGrey(first.payload)
        #expect(png.width == Int(placed.keys["c"] ?? "0")! * 10 && png.height == Int(placed.keys["r"] ?? "0")! * 20)
        #expect(first.payload.count < png.bytes.count * 8 / 10, "PNG \(first.payload.count) bytes for \(png.bytes.count) pixels")
        let ssim = try session.bestSSIM(png.bytes.map(Float.init), width: png.width, height: png.height, films: 3)
        #expect(ssim >= 0.97, "SSIM \(ssim)")

        // Help hides the placement (the data stays) and closing it places the same image again.
        terminal.type("?")
        let hide = KittyGraphics.hide(id: UInt32(id)!)
        #expect(terminal.pump(seconds: 10) { String(decoding: $0, as: UTF8.self).contains(hide) }, "help did not hide the image")
        terminal.type("\u{1B}")
        #expect(terminal.pump(seconds: 10) { _ in ((try? session.placements()) ?? []).count >= 2 }, "closing help did not re-place it")
        #expect(try TerminalImageStream.kittyTransmissions(terminal.output).count == 1)

        // j: the next film under the other id, placed, then the old one freed.
        terminal.type("j")
        let freeFirst = KittyGraphics.delete(id: UInt32(id)!)
        #expect(terminal.pump(seconds: 20) { String(decoding: $0, as: UTF8.self).contains(freeFirst) }, "j sent no new image")
        let second = try #require(try TerminalImageStream.kittyTransmissions(terminal.output).last)
        #expect(second.keys["i"] != id)
        #expect(try session.placements().last?.keys["i"] == second.keys["i"])

        // A resize clears the screen: the film is placed again at its new cells.
        let before = try session.placements().count
        terminal.resize(columns: 150, rows: 45)
        #expect(terminal.pump(seconds: 10) { _ in ((try? session.placements()) ?? []).count > before }, "no image after the resize")
        terminal.settle()
        let resized = try #require(try session.placements().last)
        #expect(resized.at.column != placed.at.column || resized.keys["r"] != placed.keys["r"])

        #expect(session.quit())
        let text = session.text
        // Every image deleted before curses leaves the alternate screen, nothing placed after.
        let leave = try #require(text.range(of: "\u{1B}[?1049l", options: .backwards))
        for sent in Set(try TerminalImageStream.kittyTransmissions(terminal.output).compactMap { $0.keys["i"] }) {
            let delete = KittyGraphics.delete(id: UInt32(sent)!)
            let deleted = try #require(text.range(of: delete, options: .backwards), "image \(sent) never deleted")
            #expect(deleted.lowerBound < leave.lowerBound)
            #expect(text.range(of: "\u{1B}_Ga=p", options: .backwards)!.lowerBound < deleted.lowerBound)
        }
    }

    @Test("answered as xterm -ti vt340: sixel strips right of the worklist (SSIM >= 0.95); help repaints and redraws it; j draws the next; quit erases it")
    func sixelReview() throws {
        let session = try Session(films: 2, reply: KittyTerminal.xtermVT340)
        let terminal = session.terminal
        func images() throws -> [(row: Int, column: Int, width: Int, height: Int, rgb: [Int])] {
            try TerminalImageStream.sixelImages(TerminalImageStream.placed(terminal.output), cellHeight: 20)
        }
        // Counting strips is cheap; decoding is done once the program has finished drawing.
        func count() -> Int { TerminalImageStream.sixelGroups(TerminalImageStream.placed(terminal.output)).count }
        #expect(terminal.pump(seconds: 20) { _ in count() > 0 }, "no sixel within 20 s")
        terminal.settle()
        let image = try #require(try images().first)
        #expect(image.width % 10 == 0 && image.height % 20 == 0 && image.width >= 400)
        #expect(image.column > 40)
        #expect(!session.text.contains("\u{1B}_Ga=T") && !session.text.contains("\u{1B}_Ga=t"))
        let ssim = try session.bestSSIM(TerminalImageStream.greys(image.rgb), width: image.width, height: image.height, films: 2)
        #expect(ssim >= 0.95, "SSIM \(ssim)")

        // Help: curses repaints the whole screen (clear), so the image is gone; closing help draws it again.
        let shown = count()
        terminal.type("?")
        terminal.settle()
        #expect(count() == shown, "an image drawn over the help")
        let cleared = session.text.range(of: "\u{1B}[2J", options: .backwards)
        #expect(cleared != nil && cleared!.lowerBound > session.text.range(of: "\u{1B}Pq", options: .backwards)!.lowerBound)
        terminal.type("\u{1B}")
        #expect(terminal.pump(seconds: 10) { _ in count() > shown }, "closing help did not redraw the image")
        terminal.settle()
        #expect(try images().last.map { $0.width == image.width && $0.height == image.height && $0.rgb == image.rgb } == true)

        terminal.type("j")
        #expect(terminal.pump(seconds: 20) { _ in count() > shown + 1 }, "j drew no new image")
        terminal.settle()
        let next = try #require(try images().last)
        #expect(try session.bestSSIM(TerminalImageStream.greys(next.rgb), width: next.width, height: next.height, films: 2) >= 0.95)

        #expect(session.quit())
        let text = session.text
        let erase = try #require(text.range(of: "\u{1B}[2J", options: .backwards))
        let leave = try #require(text.range(of: "\u{1B}[?1049l", options: .backwards))
        #expect(text.range(of: "\u{1B}Pq", options: .backwards)!.lowerBound < erase.lowerBound && erase.lowerBound < leave.lowerBound)
    }

    @Test("o blends the LIME overlay into the kitty image: an RGB PNG with warm and cool tints, the film's size unchanged (the legend is below it)")
    func overlayReview() throws {
        let session = try Session(films: 2, reply: KittyTerminal.kitty)
        let terminal = session.terminal
        #expect(terminal.pump(seconds: 20) { _ in ((try? session.placements()) ?? []).count >= 1 }, "no kitty image within 20 s")
        terminal.settle()
        let plain = try #require(try session.placements().last)
        terminal.type("o")
        func tinted() -> PNGDecoder.Image? {
            let sent = (try? TerminalImageStream.kittyTransmissions(terminal.output)) ?? []
            return sent.lazy.compactMap { try? PNGDecoder.decode($0.payload) }.first { $0.channels == 3 }
        }
        #expect(terminal.pump(seconds: 180) { _ in tinted() != nil }, "no tinted image within 180 s")
        terminal.settle()
        let png = try #require(tinted())
        var warm = 0, cool = 0
        for i in stride(from: 0, to: png.bytes.count, by: 3) {
            let r = Int(png.bytes[i]), b = Int(png.bytes[i + 2])
            if r > b + 60 { warm += 1 }
            if b > r + 60 { cool += 1 }
        }
        #expect(warm > 0 && cool > 0, "warm \(warm), cool \(cool)")
        let overlay = try #require(try session.placements().last)
        #expect(overlay.at.row == plain.at.row && overlay.at.column == plain.at.column)
        #expect(overlay.keys["r"] == plain.keys["r"])   // the legend is drawn under the pane, not over the film
        #expect(png.height == Int(overlay.keys["r"] ?? "0")! * 20)
        #expect(session.quit())
    }
}
