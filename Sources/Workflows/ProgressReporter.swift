import Foundation

/// Prints "label: done/total (rate/s, ETA)" to standard error for long jobs.
///
/// On a terminal the line is redrawn in place at most ten times a second; when stderr is a
/// file or pipe a line is written every few seconds instead, so logs stay readable.
public final class ProgressReporter: @unchecked Sendable {  // all mutation under `lock`
    private let label: String
    private let total: Int
    private let unit: String
    private let start = Date()
    private var lastPrint = Date.distantPast
    private let isTerminal = AppSyscalls.standardErrorIsTerminal
    public private(set) var done = 0
    private let lock = NSLock()

    /// Creates a reporter for `total` items of `unit` (for example "images").
    public init(label: String, total: Int, unit: String = "items") {
        self.label = label
        self.total = total
        self.unit = unit
    }

    /// Records `count` more finished items and prints when due.
    public func advance(by count: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        let interval = isTerminal ? 0.1 : 5.0
        if now.timeIntervalSince(lastPrint) >= interval || done == total {
            lastPrint = now
            print(line(now: now), terminator: isTerminal ? "\r" : "\n")
        }
    }

    /// Ends the progress line with a summary.
    public func finish() {
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        writeStderrRaw("\(visible(label)): \(done)/\(total) \(unit) in \(formatDuration(elapsed)) (\(formatRate(rate)) \(unit)/s)\(isTerminal ? "\u{1B}[K" : "")\n")
    }

    private func line(now: Date) -> String {
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return "\(label): \(done)/\(total) \(unit), \(formatRate(rate))/s, ETA \(formatDuration(eta))"
    }

    private func print(_ text: String, terminator: String) {
        writeStderrRaw(visible(text) + (isTerminal ? "\u{1B}[K" : "") + terminator)
    }
}

/// Formats seconds as "42s", "3m05s" or "1h02m".
public func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
    return "\(s / 3600)h" + pad2((s % 3600) / 60) + "m"
}

/// Formats a rate with three significant digits.
public func formatRate(_ rate: Double) -> String {
    if rate >= 100 { return String(Int(rate.rounded())) }
    if rate >= 10 { return String(format: "%.1f", rate) }
    return String(format: "%.2f", rate)
}

private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Writes text to standard error without buffering; control characters but line ends are shown
/// escaped (`visible`), so a file name or a log cell quoted in a message cannot drive the terminal.
public func writeStderr(_ text: String) {
    writeStderrRaw(text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n"))
}

/// Writes text to standard error as is, for the progress line's own terminal controls.
public func writeStderrRaw(_ text: String) {
    FileHandle.standardError.write(text.data(using: .utf8) ?? Data())
}
