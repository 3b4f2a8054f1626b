/// Where reviewers' feedback records are kept: the review, `export` and `adapt` talk only to this.
///
/// Shaped for stores that other writers change while a review runs (several reviewers on one
/// CSV log, or a shared database) and that may be out of reach for a while: `record` says
/// whether a record is stored or only queued to be sent later, and `changes(after:)` returns
/// what was recorded since a cursor, by anyone. Records are only ever appended; what stands is
/// the fold of all of them (`StandingVerdicts`). Every method may block (file or network I/O):
/// call them off the UI thread.
public protocol FeedbackStore: AnyObject, Sendable {
    /// Names the store in messages: a file path, a database and table.
    var location: String { get }

    /// Reads every record so far, in the order the store keeps them, with a warning for each
    /// record it had to skip; the cursor marks the end of what was read.
    func readAll() throws -> FeedbackSnapshot

    /// Makes the store ready to record (opens or creates the file, connects); throws when it
    /// can never record. A store that can queue records while offline succeeds offline.
    func open() throws

    /// Keeps `record` durably: stored (visible to every reader) when this returns `.stored`,
    /// kept locally and sent later when it returns `.queued`. Throws when it was not kept at all.
    func record(_ record: FeedbackRecord) throws -> FeedbackWrite

    /// The records added after `cursor` by any writer, this one included, and the new cursor.
    func changes(after cursor: FeedbackCursor) throws -> FeedbackSnapshot
}

extension FeedbackStore {
    /// The verdicts that stand now, with the read's warnings.
    public func standingVerdicts() throws -> (verdicts: StandingVerdicts, warnings: [String]) {
        let snapshot = try readAll()
        return (StandingVerdicts(snapshot.records), snapshot.warnings)
    }
}

/// What became of one record given to `FeedbackStore.record`.
public enum FeedbackWrite: Sendable, Equatable {
    /// Stored where every reader sees it.
    case stored
    /// Kept locally (the store is out of reach); it is sent when the store is back. `reason` says why.
    case queued(reason: String)
}

/// A position in a store's records: what a reader has seen. Opaque outside the store that made it.
public struct FeedbackCursor: Sendable, Hashable {
    /// The store's own position (the number of records read for the CSV log, a row id for a database).
    public var position: Int64

    /// A cursor at `position`; `.start` is before every record.
    public init(position: Int64) { self.position = position }

    /// Before every record.
    public static let start = FeedbackCursor(position: 0)
}

/// Records read from a store, in store order, with warnings for what was skipped, and where the
/// read ended.
public struct FeedbackSnapshot: Sendable, Equatable {
    public var records: [FeedbackRecord]
    /// One line per skipped record, naming the store and the place, for stderr or the screen.
    public var warnings: [String]
    /// Pass to `changes(after:)` to get only what comes after.
    public var cursor: FeedbackCursor

    /// A snapshot of `records` ending at `cursor`.
    public init(records: [FeedbackRecord], warnings: [String] = [], cursor: FeedbackCursor) {
        (self.records, self.warnings, self.cursor) = (records, warnings, cursor)
    }
}
