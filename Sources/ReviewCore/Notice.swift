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

    /// The state of the write a notice reports on: shown after its words as " — saving…" until
    /// the store confirms it, then as " — saved".
    public enum Save: Sendable, Equatable {
        /// The record for the film at `path` (relative to the study) is on its way to the store.
        case saving(path: String)
        /// The store confirmed it.
        case saved
    }

    /// The words before the save state.
    public var lead: String
    /// The write this notice waits for, or nil when it reports none.
    public var save: Save?
    /// Words after the save state (" · study complete: ...").
    public var trail: String = ""
    /// How they are shown.
    public var severity: Severity

    /// The words shown.
    public var text: String {
        switch save {
        case .saving?: lead + " — saving…" + trail
        case .saved?: lead + " — saved" + trail
        case nil: lead + trail
        }
    }

    /// Creates a notice.
    public init(_ text: String, severity: Severity = .info) {
        self.lead = text
        self.severity = severity
    }

    /// A plain notice.
    public static func info(_ text: String) -> Notice { Notice(text) }

    /// A notice in the error style.
    public static func error(_ text: String) -> Notice { Notice(text, severity: .error) }

    /// A plain notice of a record on its way to the store for the film at `path`.
    public static func saving(_ text: String, path: String) -> Notice {
        var notice = Notice(text)
        notice.save = .saving(path: path)
        return notice
    }
}
