import Foundation
import Glibc
import TestSupport
import Testing
import Workflows

/// A private tmux server (its own socket) running one command in a detached session.
final class Tmux {
    let socket = "lightbox-test-\(UUID().uuidString.prefix(8))"
    let session = "review"

    /// The tmux executable, or nil when tmux is not installed.
    static let executable: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    /// Runs tmux with `arguments` on this server; returns standard output.
    ///
    /// Output goes through a temporary file, not a pipe: the first command starts the tmux
    /// server, which inherits the descriptor and would keep a pipe open forever.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "\(socket)-\(UUID().uuidString.prefix(8)).out"
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        let status = spawnAndWait([Tmux.executable!, "-L", socket, "-f", "/dev/null"] + arguments, stdoutPath: outPath)
        guard status == 0 || arguments.first == "kill-server" else {
            throw TmuxError(description: "tmux \(arguments.joined(separator: " ")) exited with \(status)")
        }
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Starts `command` in a `width` x `height` session that stays visible after it exits.
    func start(_ command: String, width: Int = 100, height: Int = 30) throws {
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
        try run(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    /// Sends keys (tmux key names such as `a`, `Down`, `Escape`).
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// The pane's text now, with the lines that scrolled off its top (the session summary a
    /// review prints on exit can scroll off when the pane shrank while it ran).
    func capture() throws -> String {
        try run(["capture-pane", "-p", "-S", "-100", "-t", session])
    }

    /// The pane's process id (the command, which the session execs).
    func panePID() throws -> Int32 {
        Int32(try run(["display-message", "-p", "-t", session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Polls the pane until `text` appears; returns the pane, or nil after `timeout` seconds (generous:
    /// a verdict is shown once fsync returns, which takes seconds when parallel tests load the disk).
    func waitFor(_ text: String, timeout: Double = 30) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let pane = try capture()
            if pane.contains(text) { return pane }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// Polls the pane until `condition` holds; returns the pane, or nil after `timeout` seconds.
    func waitUntil(timeout: Double = 30, _ condition: (String) -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let pane = try capture()
            if condition(pane) { return pane }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// Like `waitFor`, but a timeout records an issue showing the last pane.
    @discardableResult
    func expect(_ text: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        if let pane = try waitFor(text, timeout: timeout) { return pane }
        let pane = try capture()
        Issue.record("\"\(text)\" did not appear within \(timeout) s; the pane shows:\n\(pane)", sourceLocation: sourceLocation)
        return pane
    }

    /// Stops the server and everything in it.
    func kill() {
        _ = try? run(["kill-server"])
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `argv` with stdin and stderr on /dev/null and stdout into `stdoutPath`; returns the
/// exit status. posix_spawn + waitpid, because Foundation's Process did not reap the tmux
/// client from a Swift Testing thread here and `waitUntilExit` hung.
func spawnAndWait(_ argv: [String], stdoutPath: String, stderrPath: String = "/dev/null") -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    // The child inherits the calling thread's signal mask, and test threads block nearly every
    // signal: a tmux server started that way never sees SIGCHLD or SIGTERM and outlives the test.
    var attributes = posix_spawnattr_t()
    resetSignals(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var pid: pid_t = 0
    guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xff
}

/// The `lightbox` executable SwiftPM built next to this test bundle.
func lightboxExecutable() -> String? {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = (exe as NSString).deletingLastPathComponent
    for _ in 0..<3 {
        let candidate = folder + "/lightbox"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder = (folder as NSString).deletingLastPathComponent
    }
    return nil
}

