import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Storage
import TestSupport
import Testing

/// `lightbox review --graphics auto` on a pseudo-terminal that answers the start-up queries
/// late (a busy terminal, an SSH link): the replies, whatever characters they hold, must never
/// act as keys, so no verdict is recorded that nobody gave.
@Suite("late terminal replies on a pseudo-terminal", .serialized)
struct LateReplyTests {
    /// kitty's answers, then a kitty error whose text holds the verdict keys and ^C, q and ^Z.
    static let hostile = "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[4;800;1200t"
        + "\u{1B}_Gi=31;EINVAL:a x u 2 d q \u{03}\u{1A}\u{1B}\\\u{1B}[?62;c"

    /// Starts a review of two films, waits for the queries, answers `pieces` (seconds after
    /// the queries, text), waits 3 s without a key, and returns the session still running.
    private func review(pieces: [(after: Double, text: String)], ssh: Bool) throws -> (terminal: KittyTerminal, pid: pid_t, study: String) {
        let exe = try #require(lightboxExecutable())
        let study = try StudyFixture.make(count: 2, size: 256)
        let terminal = try KittyTerminal(columns: 120, rows: 40, reply: "")
        var env = ["TERM=xterm-256color", "HOME=\(NSTemporaryDirectory())", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512", "LANG=C.UTF-8"]
        if ssh { env.append("SSH_CONNECTION=10.0.0.1 50000 10.0.0.2 22") }
        let pid = try #require(spawn([exe, "review", study, "--log", study + "/log.csv", "--reviewer", "t", "--graphics", "auto"],
                                     tty: terminal.slavePath, environment: env, newSession: true))
        #expect(terminal.pump(seconds: 20) { String(decoding: $0, as: UTF8.self).contains("\u{1B}[c") }, "no queries")
        let asked = Date()
        for piece in pieces {
            let wait = piece.after - Date().timeIntervalSince(asked)
            if wait > 0 { terminal.pump(seconds: wait) }
            terminal.type(piece.text)
        }
        terminal.pump(seconds: 3)
        return (terminal, pid, study)
    }

    /// Types `q`, waits for the exit; the exit status (nil: still running after 40 s).
    private func quit(_ terminal: KittyTerminal, _ pid: pid_t) -> Int32? {
        terminal.type("q")
        for _ in 0..<2000 {
            terminal.pump(seconds: 0.02)
            if let status = exitStatus(pid) { return status }
        }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let state = tasks.map { t in ["stat", "wchan", "syscall"].map { (try? String(contentsOfFile: "/proc/\(pid)/task/\(t)/\($0)", encoding: .utf8)) ?? "?" }.joined(separator: " | ") }.joined(separator: "\n")
        Issue.record("still running 40 s after q: \(state)")
        var status: Int32 = 0
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return nil
    }

    private func running(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    @Test("replies 150 ms, 400 ms, 1.2 s (over SSH) late, and one cut in two, holding a x u 2 d q ^C ^Z: no verdict, still running",
          arguments: [(0.15, false, false), (0.4, false, false), (1.2, true, false), (0.15, false, true)])
    func lateReplies(delay: Double, ssh: Bool, split: Bool) throws {
        let cut = Self.hostile.index(Self.hostile.startIndex, offsetBy: 40)
        let pieces = split ? [(delay, String(Self.hostile[..<cut])), (delay + 0.4, String(Self.hostile[cut...]))]
                           : [(delay, Self.hostile)]
        let (terminal, pid, study) = try review(pieces: pieces, ssh: ssh)
        defer { try? FileManager.default.removeItem(atPath: study) }
        #expect(running(pid), "the reply ended the review (q, ^C or ^Z acted)")
        let status = quit(terminal, pid)
        #expect(status == 0, "exit status \(String(describing: status))")
        let records = try FeedbackLog.read(path: study + "/log.csv").records
        #expect(records.isEmpty, "recorded \(records.map(\.verdict.rawValue))")
    }

    @Test("after a late reply, a key typed by the reviewer still acts: a records one agree")
    func keysStillAct() throws {
        let (terminal, pid, study) = try review(pieces: [(0.4, Self.hostile)], ssh: false)
        defer { try? FileManager.default.removeItem(atPath: study) }
        terminal.type("a")
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ((try? FeedbackLog.read(path: study + "/log.csv").records.count) ?? 0) == 0 {
            terminal.pump(seconds: 0.1)
        }
        #expect(quit(terminal, pid) == 0)
        let records = try FeedbackLog.read(path: study + "/log.csv").records
        #expect(records.map(\.verdict) == [.agree])
    }
}

/// The wait status of `pid` once it has exited (reaped), else nil. On a loaded VM a worker
/// thread of an exited process has been seen to linger for tens of seconds in its exit, the
/// process a zombie whose status waitpid does not give yet: then the status is read from
/// /proc/PID/stat (its last field, `exit_code`) and the process is killed and reaped.
func exitStatus(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    if waitpid(pid, &status, WNOHANG) == pid { return status }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.first == "Z", let code = fields.last.flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else { return nil }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    return code
}
