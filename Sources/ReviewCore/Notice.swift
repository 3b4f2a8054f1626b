/// The one-line note on the message line (the result of the last key, an error), carrying
/// how it is to be shown, so the widget never guesses from the words.
public struct Notice: Sendable, Equatable {
    /// How loudly the message line shows a notice.
    public enum Severity: Sendable, Equatable {
        /// Plain text: what a key did, progress, hints.
        case info
        /// In the error style: a verdict was not saved, or cannot be.
        case error
    }

    /// The words shown.
    public var text: String
    /// How they are shown.
    public var severity: Severity

    /// Creates a notice.
    public init(_ text: String, severity: Severity = .info) {
        self.text = text
        self.severity = severity
    }

    /// A plain notice.
    public static func info(_ text: String) -> Notice { Notice(text) }

    /// A notice in the error style.
    public static func error(_ text: String) -> Notice { Notice(text, severity: .error) }
}
