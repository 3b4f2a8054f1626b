import Feedback
import Synchronization

/// The append-only feedback log: one CSV line per record, each written whole and synced.
///
/// Durability and sharing come from the file system, not from this process: every append
/// is one `write(2)` on an `POSIX.O_APPEND` descriptor under `flock(POSIX.LOCK_EX)`, then `fsync(2)`, so
/// two reviewers (processes, or two instances in one process) never interleave lines and a
/// returned `append` survives a crash. Nothing is ever rewritten; undo appends `retract`.
/// Within one instance a mutex serialises threads, because `flock` locks belong to the open
/// file, which all threads of one instance share.
public final class FeedbackLog: Sendable {
    /// The log file's path as given to `open`.
    public let path: String
    private let descriptor: Mutex<Int32>

    private init(path: String, fd: Int32) {
        self.path = path
        self.descriptor = Mutex(fd)
    }

    deinit {
        close()
    }

    /// Opens (creating when missing, with missing parent folders) the log at `path` for
    /// appending; a new file gets the header line at once.
    ///
    /// A study's own log (`STUDY/.lightbox/feedback.csv`) is opened without following links
    /// and refused when linked (see `FeedbackLog+StudyFolder`).
    public static func open(path: String) throws(FeedbackLogError) -> FeedbackLog {
        let fd: Int32
        // POSIX.O_NONBLOCK: opening a FIFO must not wait for a reader; it is then refused below.
        let flags = POSIX.O_RDWR | POSIX.O_APPEND | POSIX.O_CREAT | POSIX.O_NONBLOCK
        if let root = studyRoot(ofStudyLog: path) {
            try createParentFolders(of: parentFolder(of: path) ?? path)   // the study folder, if missing
            guard let opened = try openInsideStudy(root: root, path: path, flags: flags, creating: true) else {
                throw .cannotOpen(path: path, reason: "no such file")
            }
            fd = opened
        } else {
            try createParentFolders(of: path)
            switch POSIX.open(path, flags) {
            case .success(let value): fd = value
            case .failure(let error) where error.isDirectory: throw .cannotOpen(path: path, reason: "it is a folder")
            case .failure(let error): throw .cannotOpen(path: path, reason: error.description)
            }
        }
        do { try requireRegularFile(fd, path: path) } catch {
            POSIX.close(fd)
            if case .notRegularFile(_, let kind) = error, kind == "a folder" { throw .cannotOpen(path: path, reason: "it is a folder") }
            throw error
        }
        let log = FeedbackLog(path: path, fd: fd)
        // Writes the header when the file is empty, or again when a foreign header re-mapped its columns.
        try log.writeLocked(body: [], checkingColumns: true)
        if let parent = parentFolder(of: path) { syncFolder(parent) }
        return log
    }

    /// Appends `record` as one line and syncs it to disk before returning.
    ///
    /// If the file does not end with a line break (a writer crashed mid-line), one is
    /// written first so this record starts on its own line; the torn line stays, and is
    /// skipped by `read` with a warning.
    public func append(_ record: FeedbackRecord) throws(FeedbackLogError) {
        try writeLocked(body: Array(FeedbackCSV.logLine(record).utf8))
    }

    /// Reads every record of this log (see `FeedbackLog.read(path:)`).
    public func readAll() throws(FeedbackLogError) -> FeedbackLogContents {
        try Self.read(path: path)
    }

    /// Closes the descriptor; later appends throw. Called on deinit.
    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { POSIX.close(fd) }
            fd = -1
        }
    }

    /// Takes the lock, repairs the file's end (header when empty, line break when torn),
    /// writes `body` in the same single write, and syncs.
    private func writeLocked(body: [UInt8], checkingColumns: Bool = false) throws(FeedbackLogError) {
        let path = self.path
        let result: Result<Void, FeedbackLogError> = descriptor.withLock { fd in
            guard fd >= 0 else { return .failure(.closed(path: path)) }
            if case .failure(let error) = POSIX.flock(fd, POSIX.LOCK_EX) {
                return .failure(.cannotLock(path: path, reason: error.description))
            }
            defer { _ = POSIX.flock(fd, POSIX.LOCK_UN) }
            var size: Int64
            switch POSIX.fileSize(fd) {
            case .success(let value): size = value
            case .failure(let error): return .failure(.cannotWrite(path: path, reason: error.description))
            }
            // A torn last line (a write cut by a full disk or a crash; never a record that was
            // confirmed, which is written whole with its line break) is cut off, back to the
            // last full line, so it cannot be read later as a damaged record.
            if size > 0, case .success(let last) = POSIX.pread(fd, count: 1, offset: size - 1), last != [FeedbackCSV.lf],
               let end = Self.lastLineEnd(fd, size: size), end < size,
               case .success = POSIX.ftruncate(fd, end) {
                size = end
            }
            var bytes: [UInt8] = []
            if size == 0 {
                bytes = Array(FeedbackCSV.logHeaderLine.utf8)
            } else if case .success(let last) = POSIX.pread(fd, count: 1, offset: size - 1),
                      last != [FeedbackCSV.lf] {
                bytes = [FeedbackCSV.lf]   // no line break within the last 64 KiB: keep it, start afresh
            }
            if checkingColumns, size > 0, size <= Self.maxLogBytes,
               case .success(let all) = POSIX.pread(fd, count: Int(size), offset: 0),
               let contents = try? Self.parse(all, path: path), !contents.endsWithLogColumns {
                // Lines after a header with other columns would be read by those columns: restate ours.
                bytes += Array(FeedbackCSV.logHeaderLine.utf8)
            }
            bytes += body
            guard !bytes.isEmpty else { return .success(()) }
            if case .failure(let error) = POSIX.writeAll(fd, bytes) {
                // Whatever part was written (a full disk takes a short write) is taken back.
                _ = POSIX.ftruncate(fd, size)
                return .failure(.cannotWrite(path: path, reason: error.description))
            }
            if case .failure(let error) = POSIX.fsync(fd) {
                return .failure(.cannotSync(path: path, reason: error.description))
            }
            return .success(())
        }
        try result.get()
    }

    /// The offset just past the last line break of the file `fd` of `size` bytes (0 when the
    /// whole file is one unfinished line), looked for in its last `maxLineBytes`; nil when
    /// none is there or the file cannot be read.
    private static func lastLineEnd(_ fd: Int32, size: Int64) -> Int64? {
        let count = Int(min(size, Int64(maxLineBytes)))
        guard case .success(let tail) = POSIX.pread(fd, count: count, offset: size - Int64(count)),
              tail.count == count else { return nil }
        // Only a feedback log's own lines are cut: the file must start as a log does.
        let start = size <= Int64(count) ? tail : (try? POSIX.pread(fd, count: 16, offset: 0).get()) ?? []
        let body = start.starts(with: byteOrderMark) ? Array(start.dropFirst(byteOrderMark.count)) : start
        if let lf = tail.lastIndex(of: FeedbackCSV.lf) {
            return body.starts(with: Array("timestamp".utf8)) ? size - Int64(count) + Int64(lf) + 1 : nil
        }
        // The whole file is one unfinished line: cut only a torn header of ours.
        return size <= Int64(count) && Array(FeedbackCSV.logHeaderLine.utf8).starts(with: body) ? 0 : nil
    }

    static func createParentFolders(of path: String) throws(FeedbackLogError) {
        guard let parent = parentFolder(of: path), POSIX.isDirectory(parent) != true else { return }
        try createParentFolders(of: parent)
        // Default permissions under the umask: a study folder may be shared by reviewers
        // who are different users in one group.
        if case .failure(let error) = POSIX.mkdir(parent, 0o777) {
            throw .cannotCreateFolder(path: parent, reason: error.description)
        }
    }

    static func parentFolder(of path: String) -> String? {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return nil }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// Syncs a folder so a newly created file's name is durable too; failures are ignored
    /// (some file systems refuse to sync folders, and the data itself is already synced).
    private static func syncFolder(_ path: String) {
        guard case .success(let fd) = POSIX.open(path, POSIX.O_RDONLY | POSIX.O_DIRECTORY) else { return }
        _ = POSIX.fsync(fd)
        POSIX.close(fd)
    }
}

/// What reading a feedback log found: its records in file order and any skipped lines.
public struct FeedbackLogContents: Sendable, Equatable {
    /// The records of every good line, in the order they were appended.
    public var records: [FeedbackRecord]
    /// One line per skipped line: `FILE:LINE: reason`, for printing to stderr.
    public var warnings: [String]
    /// False when the last header line in the file maps other columns than the log writes, so a
    /// writer must restate its header before appending.
    public var endsWithLogColumns: Bool

    /// Creates contents from records and warnings.
    public init(records: [FeedbackRecord], warnings: [String], endsWithLogColumns: Bool = true) {
        self.records = records
        self.warnings = warnings
        self.endsWithLogColumns = endsWithLogColumns
    }
}

/// Why the feedback log could not be opened, written or read; each names the file.
public enum FeedbackLogError: Error, Equatable, CustomStringConvertible {
    /// A parent folder of the log could not be created.
    case cannotCreateFolder(path: String, reason: String)
    /// The log file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The lock could not be taken.
    case cannotLock(path: String, reason: String)
    /// Writing a record failed (for example the disk is full).
    case cannotWrite(path: String, reason: String)
    /// The record was written but could not be synced to disk.
    case cannotSync(path: String, reason: String)
    /// The log file could not be read.
    case cannotRead(path: String, reason: String)
    /// The header lacks columns the log needs.
    case badHeader(path: String, missing: [String])
    /// The log was closed before the call.
    case closed(path: String)
    /// The path names a FIFO, device, socket or folder: only a regular file (or a new one) is a log.
    case notRegularFile(path: String, kind: String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path, let reason): "\(path): cannot create the feedback folder: \(reason)"
        case .cannotOpen(let path, let reason): "\(path): cannot open the feedback log: \(reason)"
        case .cannotLock(let path, let reason): "\(path): cannot lock the feedback log: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write to the feedback log: \(reason)"
        case .cannotSync(let path, let reason): "\(path): cannot sync the feedback log to disk: \(reason)"
        case .cannotRead(let path, let reason): "\(path): cannot read the feedback log: \(reason)"
        case .badHeader(let path, let missing):
            "\(path): not a feedback log: the header lacks \(missing.joined(separator: ", "))"
        case .closed(let path): "\(path): the feedback log is closed"
        case .notRegularFile(let path, let kind): "\(path): not a feedback log: it is \(kind), not a regular file"
        }
    }
}
