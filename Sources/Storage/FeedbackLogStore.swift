import Feedback
import Synchronization

/// The CSV feedback log as a `FeedbackStore`: the default store, one file per study (see
/// `FeedbackLog` for the format, the locking and the syncing).
///
/// The log is a local file, so a record is always `.stored` or refused, never queued.
/// `changes(after:)` re-reads the file and returns the records past the cursor, which counts
/// records: the log is append-only, so the first records never change.
public final class FeedbackLogStore: FeedbackStore {
    /// The log file's path: where records are written.
    public let path: String
    /// Other logs read with it, merged by time (a study's per-user fallback log); never written.
    public let alsoReading: [String]
    private let log = Mutex<FeedbackLog?>(nil)

    /// A store over the log at `path` that also reads `alsoReading`; nothing is read or
    /// created until asked.
    public init(path: String, alsoReading: [String] = []) {
        self.path = path
        self.alsoReading = alsoReading.filter { $0 != path }
    }

    public var location: String { path }

    /// Every log read, for messages: `A` or `A and B`.
    public var sources: String { ([path] + alsoReading).joined(separator: " and ") }

    public func readAll() throws -> FeedbackSnapshot {
        let contents = try FeedbackLog.read(paths: [path] + alsoReading)
        return FeedbackSnapshot(records: contents.records, warnings: contents.warnings,
                                cursor: FeedbackCursor(position: Int64(contents.records.count)))
    }

    public func open() throws {
        let opened = try FeedbackLog.open(path: path)
        log.withLock { $0 = opened }
    }

    public func record(_ record: FeedbackRecord) throws -> FeedbackWrite {
        guard let log = log.withLock({ $0 }) else { throw FeedbackLogError.closed(path: path) }
        try log.append(record)
        return .stored
    }

    public func changes(after cursor: FeedbackCursor) throws -> FeedbackSnapshot {
        var snapshot = try readAll()
        snapshot.records = Array(snapshot.records.dropFirst(Int(max(0, min(cursor.position, snapshot.cursor.position)))))
        return snapshot
    }
}
