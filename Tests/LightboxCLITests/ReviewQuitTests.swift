import Foundation
import TestSupport
import Testing

@Suite("quitting the review while LIME runs", .serialized,
       .enabled(if: Tmux.executable != nil, "tmux is not installed; the end-to-end quit test needs it"))
struct ReviewQuitTests {
    @Test("o then q while the explanation and scoring run exits 0 within two seconds, every time")
    func quitWhileExplaining() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 8, size: 256)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let command = "env LANG=C.UTF-8 TERM=tmux-256color \(binary) \(study) --reviewer e2e --log \(study)/log.csv; echo exit=$?"
        for trial in 1...8 {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.start("sh -c '\(command)'", width: 120, height: 36)
            try #require(try tmux.waitFor("case 1/8") != nil, "trial \(trial): the review did not open")
            try tmux.send("o")
            Thread.sleep(forTimeInterval: 0.3)
            let start = Date()
            try tmux.send("q")
            let ended = try tmux.expect("exit=", timeout: 10)
            let seconds = Date().timeIntervalSince(start)
            #expect(ended.contains("exit=0"), "trial \(trial): \(ended)")
            #expect(seconds < 2, "trial \(trial): quit took \(seconds) s")
        }
    }
}
