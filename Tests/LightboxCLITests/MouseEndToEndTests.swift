import Foundation
import TestSupport
import Testing

@Suite("the mouse in tmux", .serialized,
       .enabled(if: Tmux.executable != nil, "tmux is not installed; the end-to-end review test needs it"))
struct MouseEndToEndTests {
    @Test("clicking a worklist row opens that film (SGR mouse reports written into the pane)")
    func clickRow() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 6, size: 128)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let tmux = Tmux()
        defer { tmux.kill() }
        // xterm-256color: ncurses asks for SGR (1006) mouse reports, which tmux passes to the pane.
        try tmux.start("exec env LANG=C.UTF-8 TERM=xterm-256color \(binary) \(study) --reviewer e2e", width: 140, height: 36)
        try tmux.expect("case 1/6")
        // Row 6 of the screen (1-based) is the fifth film: the status line, then the list's header.
        try tmux.run(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<0;5;7M"])
        try tmux.run(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<0;5;7m"])
        try tmux.expect("case 5/6")
        // A click on the film pane does not change the film.
        try tmux.run(["send-keys", "-t", tmux.session, "-l", "\u{1B}[<0;90;10M", "\u{1B}[<0;90;10m"])
        try tmux.send("j")
        try tmux.expect("case 6/6")
        try tmux.send("q")
    }
}
