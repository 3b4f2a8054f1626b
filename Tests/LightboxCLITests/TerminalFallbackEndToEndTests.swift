import Foundation
import TestSupport
import Testing

/// True when this machine has a terminfo entry for `term` (then it cannot stand for a missing one).
private func hasTerminfo(_ term: String) -> Bool {
    spawnAndWait(["/usr/bin/env", "infocmp", term], stdoutPath: "/dev/null") == 0
}

@Suite("a TERM without terminfo in tmux", .serialized,
       .enabled(if: Tmux.executable != nil, "tmux is not installed; the end-to-end review test needs it"))
struct TerminalFallbackEndToEndTests {
    @Test("TERM=xterm-kitty (or another unknown -256color name) without its terminfo opens the review and says so once")
    func unknownTermOpens() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 3, size: 128)
        defer { try? FileManager.default.removeItem(atPath: study) }
        for term in ["xterm-kitty", "lightbox-test-256color"] where !hasTerminfo(term) {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.start("exec env LANG=C.UTF-8 TERM=\(term) \(binary) \(study) --reviewer e2e", width: 200, height: 30)  // wide: the model notice shares the line
            let opened = try tmux.expect("all 3 scored")
            #expect(opened.contains("TERM=\(term) has no terminfo entry here: drawing as xterm-256color"))
            try tmux.send("q")
        }
    }
}
