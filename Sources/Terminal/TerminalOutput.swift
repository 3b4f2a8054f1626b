/// Raw writes to the terminal beside curses (terminal images), for code outside this module.
public enum TerminalOutput {
    /// Writes `text` to standard output in full (`write(2)`, retried on EINTR); false when the
    /// terminal is gone.
    @discardableResult
    public static func write(_ text: String) -> Bool {
        TerminalSyscalls.writeAll(Array(text.utf8), to: TerminalSyscalls.standardOutput)
    }
}
