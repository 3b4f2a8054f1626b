import Foundation
import Glibc
import Feedback
import Feedback
import Storage
import TestSupport
import Testing

@Suite("lightbox review in tmux", .serialized,
       .enabled(if: Tmux.executable != nil, "tmux is not installed; the end-to-end review test needs it"))
struct ReviewEndToEndTests {
    @Test("verdicts typed in the real terminal reach the log, survive kill -9, and come back on reopen")
    func reviewInTmux() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 6, size: 256)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let log = study + "/.lightbox/feedback.csv"
        let command = "exec env LANG=C.UTF-8 TERM=tmux-256color \(binary) \(study) --reviewer e2e"

        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(command, width: 140, height: 36)
        // Open, with the log read (the progress line stops saying "reading log").
        let opened = try #require(try tmux.waitUntil { $0.contains("case 1/6") && !$0.contains("reading log") },
                                  "the review did not open")
        #expect(opened.contains("film00000.jpeg"))
        #expect(opened.contains("reviewer e2e"))
        // The bundled model scores every film in the background; verdicts need a score.
        let scored = try tmux.expect("all 6 scored", timeout: 60)
        #expect(scored.contains("? help"))

        // agree on film 0, disagree on film 1, undo the disagree.
        try tmux.send("a")
        try tmux.expect("on film00000.jpeg — saved")
        try tmux.send("x")
        try tmux.expect("on film00001.jpeg — saved")
        try tmux.send("u")
        let undone = try #require(try tmux.waitUntil { $0.contains("undid") && $0.contains("on film00001.jpeg — saved") },
                                  "undo was not confirmed")
        #expect(undone.contains("case 2/6"))      // undo returns to the film

        // The help overlay lists the keys and the notice; Esc closes it.
        try tmux.send("?")
        let help = try tmux.expect("not a medical device")
        #expect(help.contains("undo last verdict"))
        try tmux.send("Escape")
        try tmux.expect("? help")

        // o explains the film in the background; j is answered while LIME runs, and the
        // legend appears for the new film; back on the first one it is shown again. A pane
        // without colour (the test runner may set NO_COLOR) says once that the overlay needs it.
        try tmux.send("o")
        let toggled = try #require(try tmux.waitUntil { $0.contains("LIME overlay on") || $0.contains("the LIME overlay needs colour") },
                                   "o did not answer")
        if toggled.contains("LIME overlay on") {
            let legend = "for pneumonia ■■■ against ■■■ · shade = weight ÷ largest"
            try tmux.send("j")
            try tmux.expect("case 3/6")
            #expect(try tmux.waitUntil(timeout: 120) { $0.contains("case 3/6") && $0.contains(legend) } != nil, "no legend on film 3")
            try tmux.send("k")
            #expect(try tmux.waitUntil(timeout: 120) { $0.contains("case 2/6") && $0.contains(legend) } != nil, "no legend on film 2")
            try tmux.send("o")
            try tmux.expect("LIME overlay off")
        } else {
            #expect(!toggled.contains("LIME overlay on"))
            try tmux.send("j", "k")
            try tmux.expect("case 2/6")
        }

        // A verdict acknowledged on screen survives kill -9 right after.
        try tmux.send("j", "j", "x")
        try tmux.expect("on film00003.jpeg — saved")
        let pid = try tmux.panePID()
        #expect(pid > 0)
        Glibc.kill(pid, SIGKILL)

        let contents = try FeedbackLog.read(path: log)
        #expect(contents.warnings.isEmpty)
        let summary = contents.records.map { "\($0.caseID.relativePath) \($0.verdict.rawValue) \($0.reviewer)" }
        #expect(summary == [
            "film00000.jpeg agree e2e", "film00001.jpeg disagree e2e",
            "film00001.jpeg retract e2e", "film00003.jpeg disagree e2e",
        ])
        #expect(contents.records.allSatisfy { $0.modelID.hasPrefix("lightbox-pneumonia-cnn") })
        #expect(contents.records.allSatisfy { (0...1).contains($0.probability) })
        #expect(contents.records.allSatisfy { $0.caseID.sha256.map(CaseID.isSHA256Hex) == true })

        // Reopen: the standing verdicts come back (matched by SHA-256 once hashed).
        try tmux.run(["respawn-pane", "-k", "-t", tmux.session, command])
        let reopened = try #require(try tmux.waitUntil(timeout: 60) { $0.contains("reviewed 2/6") && $0.contains("all 6 scored") },
                                    "standing verdicts were not restored")
        // Marks compare the reviewer's label with the model now loaded (the same one here).
        #expect(reopened.contains("✓ film00000.jpeg"))
        #expect(reopened.contains("✗ film00003.jpeg"))

        // Live resize: at 80x24 the layout is redrawn and the hint line drops middle hints.
        try tmux.run(["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"])
        let small = try tmux.expect("s sort  q quit")
        #expect(small.components(separatedBy: "\n").prefix(24).allSatisfy { $0.count <= 80 })
        #expect(small.contains("2/6 reviewed"))

        try tmux.send("q")
        let exited = try tmux.expect("saved this session to")
        let joined = exited.replacingOccurrences(of: "\n", with: "")
        #expect(joined.contains("0 verdicts saved this session to \(study)/.lightbox/feedback.csv"))
    }

    @Test("SIGTERM ends the review like q, with its verdicts written; a closed terminal ends it too")
    func endsOnTerminationAndHangup() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 3, size: 128)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let command = "exec env LANG=C.UTF-8 TERM=tmux-256color \(binary) \(study) --reviewer e2e"
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(command, width: 120, height: 30)
        try tmux.expect("all 3 scored", timeout: 60)
        try tmux.send("a")
        try tmux.expect("on film00000.jpeg — saved")
        let reviewPID = try tmux.panePID()
        try #require(reviewPID > 0)
        Glibc.kill(reviewPID, SIGTERM)
        // The session's summary is printed after the screen is restored, as after q.
        let ended = try tmux.expect("saved this session to")
        #expect(ended.replacingOccurrences(of: "\n", with: "").contains("1 verdict saved this session"))

        // Hang-up: the terminal goes away under a running review, which must exit, not spin.
        try tmux.run(["respawn-pane", "-k", "-t", tmux.session, command])
        try tmux.expect("reviewed 1/3")
        let pid = try tmux.panePID()
        try #require(pid > 0)
        tmux.kill()
        let deadline = Date().addingTimeInterval(10)
        while Glibc.kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(Glibc.kill(pid, 0) != 0, "the review kept running after its terminal closed")
        let records = try FeedbackLog.read(path: study + "/.lightbox/feedback.csv").records
        #expect(records.map(\.verdict.rawValue) == ["agree"])
    }

    @Test("--adapt-study scores with the adapted model and its id goes to the log; 'a q' in one burst counts; Ctrl-C ends like q")
    func adaptStudyAndQuitting() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 8, size: 128)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let command = "exec env LANG=C.UTF-8 TERM=tmux-256color \(binary) \(study) --reviewer e2e"
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(command + " --adapt-study", width: 160, height: 40)
        try tmux.expect("adapted to this study without labels (8 films)", timeout: 60)
        try tmux.expect("all 8 scored", timeout: 60)
        try tmux.send("a", "q")
        let ended = try tmux.expect("saved this session to")
        #expect(ended.replacingOccurrences(of: "\n", with: "").contains("1 verdict saved this session"))
        let records = try FeedbackLog.read(path: study + "/.lightbox/feedback.csv").records
        #expect(records.count == 1)
        #expect(records.first?.modelID.contains("-bn8-") == true)

        try tmux.run(["respawn-pane", "-k", "-t", tmux.session, command])
        try tmux.expect("reviewed 1/8")
        // The adapted model is kept with the study and used again.
        try tmux.expect("model: adapted to this study without labels (8 films)")
        try tmux.send("C-c")
        // The scrollback still holds the first session's summary: wait for this one's.
        #expect(try tmux.waitUntil { $0.replacingOccurrences(of: "\n", with: "").contains("0 verdicts saved this session") } != nil,
                "Ctrl-C did not end the review with its summary")
    }

    @Test("the whole loop: verdicts in the review, export, adapt, and the adapted model back in the review")
    func feedbackLoop() throws {
        let binary = try #require(lightboxExecutable(), "lightbox was not built next to the test bundle")
        let study = try StudyFixture.make(count: 8, size: 192)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let command = "exec env LANG=C.UTF-8 TERM=tmux-256color \(binary) \(study) --reviewer loop"
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(command, width: 140, height: 36)
        try tmux.expect("all 8 scored", timeout: 60)
        // Agree and disagree alternately: whatever the model predicts, both labels occur.
        for (i, key) in ["a", "x", "a", "x", "a", "x"].enumerated() {
            try tmux.send(key)
            try tmux.expect("on film0000\(i).jpeg — saved")
        }
        try tmux.send("q")
        try tmux.expect("saved this session to")

        let csv = study + "/feedback-export.csv", adapted = study + "/adapted.safetensors"
        let out = study + "/out.txt"
        #expect(spawnAndWait([binary, "export", study, "--out", csv], stdoutPath: out) == 0)
        let exported = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(exported.split(whereSeparator: \.isNewline).count == 7)   // header + 6 verdicts
        #expect(spawnAndWait([binary, "adapt", "--feedback", csv, "--study", study, "--site", "loopsite",
                              "--folds", "3", "--force", "--out", adapted], stdoutPath: out) == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains(", cross-validated):"))

        try tmux.run(["respawn-pane", "-k", "-t", tmux.session, command + " --model " + adapted])
        // The notice that the model was adapted elsewhere may hide the progress: wait for the verdicts.
        let reopened = try #require(try tmux.waitUntil(timeout: 60) {
            $0.contains("adapted to site loopsite") && $0.contains("reviewed 6/8")
        }, "the reopened review did not show the adapted model and the verdicts")
        #expect(reopened.contains("loopsite"))
        #expect(reopened.contains("adapted to site loopsite from 6 labels"))
        #expect(reopened.contains("reviewed 6/8"))
    }
}
