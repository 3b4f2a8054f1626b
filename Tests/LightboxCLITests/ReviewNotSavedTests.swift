import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Feedback
import Storage
import TestSupport
import Testing

/// `review` must not exit 0 when verdicts it was given could not be written (issue 22, item 7).
@Suite("review's exit status when verdicts were not saved", .serialized)
struct ReviewNotSavedTests {
    /// Reviews a two-film study on a pseudo-terminal with `--log log`, types `keys` then q;
    /// the exit status and everything the terminal showed.
    private func review(log: (String) throws -> String, keys: String) throws -> (status: Int32?, text: String) {
        let exe = try #require(lightboxExecutable())
        let study = try StudyFixture.make(count: 2, size: 256)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let terminal = try KittyTerminal(columns: 120, rows: 40, reply: "")
        let env = ["TERM=xterm-256color", "HOME=\(NSTemporaryDirectory())", "OPENBLAS_CORETYPE=Haswell", "LANG=C.UTF-8"]
        let pid = try #require(spawn([exe, "review", study, "--log", try log(study), "--reviewer", "t", "--graphics", "none"],
                                     tty: terminal.slavePath, environment: env))
        terminal.settle()
        for key in keys {
            terminal.type(String(key))
            terminal.settle(seconds: 0.5)
        }
        terminal.type("q")
        var status: Int32 = 0
        // Up to 60 s by the clock (pump returns at once when the program has closed the
        // terminal but not yet exited, which a loaded machine makes slow).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            terminal.pump(seconds: 0.02)
            usleep(10_000)
            if let exited = exitStatus(pid) {
                terminal.pump(seconds: 0.2)
                return ((exited >> 8) & 0xff, String(decoding: terminal.output, as: UTF8.self))
            }
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return (nil, String(decoding: terminal.output, as: UTF8.self))
    }

    @Test("a folder as --log: a and x are NOT saved, review exits 1 and says how many and why")
    func folderAsLog() throws {
        let (status, text) = try review(log: { study in
            try FileManager.default.createDirectory(atPath: study + "/logdir", withIntermediateDirectories: true)
            return study + "/logdir"
        }, keys: "ax")
        #expect(status == 1, "exit status \(String(describing: status))")
        #expect(text.contains("2 records were NOT saved to"), "\(text.suffix(300).debugDescription)")
        #expect(text.contains("it is a folder"))
    }

    @Test("a writable log: exit 0, nothing said about unsaved records")
    func writableLog() throws {
        let (status, text) = try review(log: { $0 + "/log.csv" }, keys: "a")
        #expect(status == 0, "exit status \(String(describing: status))")
        #expect(!text.contains("NOT saved to"))
    }
}

@Test("export STUDY after a fallback writes the verdicts of both logs and names them")
func exportAfterFallback() throws {
    let study = NSTemporaryDirectory() + "lightbox-merge-\(UUID().uuidString)"
    let home = study + "-home"
    defer { try? FileManager.default.removeItem(atPath: study); try? FileManager.default.removeItem(atPath: home) }
    try FileManager.default.createDirectory(atPath: study, withIntermediateDirectories: true)
    let env = ["HOME": home]
    func verdict(_ n: Int, _ ms: Int64) -> FeedbackRecord {
        FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: ms), reviewer: "ana",
                       caseID: CaseID(relativePath: "film\(n).jpeg", sha256: String(format: "%064x", n)),
                       modelID: "m", probability: 0.9, threshold: 0.5, predictedLabel: .pneumonia,
                       verdict: .agree, reviewerLabel: .pneumonia)
    }
    try FeedbackLog.open(path: FeedbackLog.fallbackPath(studyRoot: study, environment: env)).append(verdict(1, 1_000))
    try FeedbackLog.open(path: FeedbackLog.primaryPath(studyRoot: study)).append(verdict(2, 2_000))
    let csv = study + "/export.csv"
    let run = try lightbox(["export", study, "--out", csv], environment: ["HOME=\(home)", "XDG_DATA_HOME="])
    #expect(run.status == 0, "\(run.err)")
    let rows = try FeedbackExport.read(String(contentsOfFile: csv, encoding: .utf8), source: csv)
    #expect(Set(rows.map(\.relativePath)) == ["film1.jpeg", "film2.jpeg"])
    #expect(run.err.contains("wrote 2 rows from \(FeedbackLog.primaryPath(studyRoot: study)) and "))
}

@Test("train --out film.dcm (or --checkpoint film.png) is refused before anything is written")
func trainOutNamedLikeAFilm() throws {
    let root = NSTemporaryDirectory() + "lightbox-trainout-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    let dcm = try lightbox(["train", root, "--out", root + "/film.dcm", "--epochs", "1"])
    #expect(dcm.status == 64 && dcm.err.contains("--out \(root)/film.dcm names a film, not a model"))
    let png = try lightbox(["train", root, "--out", root + "/m.safetensors", "--checkpoint", root + "/x.PNG"])
    #expect(png.status == 64 && png.err.contains("--checkpoint"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
}
