import Foundation
import Testing

/// Runs the built `lightbox` with `arguments` outside tmux and with no graphics override (plus
/// `environment`, as NAME=value), in `directory` when given; returns (exit status, stdout, stderr).
func lightbox(_ arguments: [String], environment: [String] = [], in directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let exe = try #require(lightboxExecutable(), "the lightbox executable was not built next to the tests")
    let base = NSTemporaryDirectory() + "lightbox-cli-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: base + ".out"); try? FileManager.default.removeItem(atPath: base + ".err") }
    let argv = ["/usr/bin/env", "-u", "TMUX", "-u", "LIGHTBOX_GRAPHICS"] + (directory.map { ["-C", $0] } ?? []) + environment + [exe] + arguments
    let status = spawnAndWait(argv, stdoutPath: base + ".out", stderrPath: base + ".err")
    let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    return (status, out, err)
}
