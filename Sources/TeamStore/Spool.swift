import Foundation
import Feedback
import Storage

/// The local spool: verdicts written here first, synced, then sent to the server in order.
///
/// A CSV file (header `client_id,study,kind,` then the feedback log's columns), one line per
/// entry, each appended in one write under `flock` and synced before `append` returns, like
/// the feedback log. Entries leave the file only when all of them are on the server (the file is
/// then cut to its header); until then a replay is harmless, since the server keeps each
/// client id once.
public struct Spool: Sendable {
    /// The spool file's path.
    public let path: String

    /// The spool at `path` (created on first append, with its folder).
    public init(path: String) { self.path = path }

    static let columnNames = ["client_id", "study", "kind"] + FeedbackRecord.columnNames

    /// Appends `entry` as one line and syncs it.
    public func append(_ entry: SpoolEntry) throws(TeamStoreError) {
        try withLockedFile { fd throws(TeamStoreError) in
            var bytes: [UInt8] = []
            if case .success(0) = POSIX.fileSize(fd) { bytes = Array((FeedbackCSV.encodeRow(Self.columnNames) + "\n").utf8) }
            let cells = [entry.clientID.uuidString.lowercased(), entry.study, entry.kind.rawValue] + FeedbackCSV.cells(of: entry.record)
            bytes += Array((FeedbackCSV.encodeRow(cells.map(FeedbackCSV.escapeLineBreaks), quoteLastField: true) + "\n").utf8)
            if case .failure(let error) = POSIX.writeAll(fd, bytes) { throw .spool(path: path, reason: error.description) }
            if case .failure(let error) = POSIX.fsync(fd) { throw .spool(path: path, reason: error.description) }
        }
    }

    /// Every entry in order; a line that does not parse (a torn last line) is skipped.
    public func entries() throws(TeamStoreError) -> [SpoolEntry] {
        try withLockedFile { fd throws(TeamStoreError) in try read(fd) }
    }

    /// Sends every entry in order with `send` under the spool's lock; when all were sent, cuts
    /// the file to nothing. Stops at the first error `send` throws (and rethrows it), leaving
    /// the file whole. Returns the number sent.
    @discardableResult
    public func drain(_ send: (SpoolEntry) throws(TeamStoreError) -> Void) throws(TeamStoreError) -> Int {
        try withLockedFile { fd throws(TeamStoreError) in
            let pending = try read(fd)
            for entry in pending { try send(entry) }
            if !pending.isEmpty {
                if case .failure(let error) = POSIX.ftruncate(fd, 0) { throw .spool(path: path, reason: error.description) }
                if case .failure(let error) = POSIX.fsync(fd) { throw .spool(path: path, reason: error.description) }
            }
            return pending.count
        }
    }

    private func read(_ fd: Int32) throws(TeamStoreError) -> [SpoolEntry] {
        guard case .success(let size) = POSIX.fileSize(fd), size > 0 else { return [] }
        guard case .success(let bytes) = POSIX.pread(fd, count: Int(size), offset: 0) else {
            throw .spool(path: path, reason: "cannot read it")
        }
        let columns = FeedbackCSV.Columns(FeedbackRecord.columnNames)
        var entries: [SpoolEntry] = []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()  // empty after the last line break, or a torn line
        for (number, line) in lines.enumerated() where number > 0 {
            guard let row = try? FeedbackCSV.parseLine(line, lineNumber: number + 1), row.fields.count == Self.columnNames.count,
                  let id = UUID(uuidString: row.fields[0]), let kind = ReadKind(rawValue: row.fields[2]),
                  case .success(let record) = FeedbackCSV.record(from: row.fields.dropFirst(3).map(FeedbackCSV.unescapeLineBreaks), columns: columns)
            else { continue }
            entries.append(SpoolEntry(clientID: id, study: FeedbackCSV.unescapeLineBreaks(row.fields[1]), kind: kind, record: record))
        }
        return entries
    }

    private func withLockedFile<R>(_ body: (Int32) throws(TeamStoreError) -> R) throws(TeamStoreError) -> R {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex { _ = POSIX.mkdir(String(path[..<slash]), 0o777) }
        let fd: Int32
        switch POSIX.open(path, POSIX.O_RDWR | POSIX.O_APPEND | POSIX.O_CREAT) {
        case .success(let value): fd = value
        case .failure(let error): throw .spool(path: path, reason: error.description)
        }
        defer { POSIX.close(fd) }
        if case .failure(let error) = POSIX.flock(fd, POSIX.LOCK_EX) { throw .spool(path: path, reason: error.description) }
        defer { _ = POSIX.flock(fd, POSIX.LOCK_UN) }
        return try body(fd)
    }
}
