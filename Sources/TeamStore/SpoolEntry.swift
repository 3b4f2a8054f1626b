import Foundation
import Feedback

/// Whether a row is a reader's verdict or an adjudicator's label.
public enum ReadKind: String, Sendable, Equatable, CaseIterable {
    /// A reader's verdict (`agree`, `disagree`, `defer`, `retract`, `note`).
    case read
    /// An adjudicator's label on a discordant film; it never overwrites reads.
    case adjudication
}

/// One verdict on its way to the server: the record, its study and kind, and the id the client
/// gave it, under which the server keeps it once (a replay inserts nothing).
public struct SpoolEntry: Sendable, Equatable {
    public var clientID: UUID
    public var study: String
    public var kind: ReadKind
    /// The verdict; its `reviewer` is informational here, the server records `current_user`.
    public var record: FeedbackRecord

    public init(clientID: UUID = UUID(), study: String, kind: ReadKind = .read, record: FeedbackRecord) {
        self.clientID = clientID
        self.study = study
        self.kind = kind
        self.record = record
    }
}
