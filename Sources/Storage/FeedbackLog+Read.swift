import Feedback

extension FeedbackLog {
    /// Reads the log at `path` under a shared lock (so no half-written line of a live writer
    /// is seen) and parses it; a missing file reads as empty.
    ///
    /// A torn or malformed line is skipped with a warning naming the file and line; it is
    /// never fatal. Throws only when the file cannot be read or its header is not a log's.
    public static func read(path: String) throws(FeedbackLogError) -> FeedbackLogContents {
        let fd: Int32
        // POSIX.O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a regular file.
        if let root = studyRoot(ofStudyLog: path) {
            // A study's own log is read only if it is a file inside the study (no link followed).
            let opened: Int32?
            do { opened = try openInsideStudy(root: root, path: path, flags: POSIX.O_RDONLY | POSIX.O_NONBLOCK, creating: false) }
            catch { if case .cannotOpen(_, let reason) = error { throw .cannotRead(path: path, reason: reason) } else { throw error } }
            guard let opened else { return FeedbackLogContents(records: [], warnings: []) }
            fd = opened
        } else {
            switch POSIX.open(path, POSIX.O_RDONLY | POSIX.O_NONBLOCK) {
            case .success(let value): fd = value
            case .failure(let error) where error.code == POSIX.ENOENT: return FeedbackLogContents(records: [], warnings: [])
            case .failure(let error): throw .cannotRead(path: path, reason: error.description)
            }
        }
        defer { POSIX.close(fd) }
        try requireRegularFile(fd, path: path)
        if case .success(let size) = POSIX.fileSize(fd), size > maxLogBytes {
            throw .cannotRead(path: path, reason: "it is \(size) bytes, more than the \(maxLogBytes) a feedback log may have")
        }
        if case .failure(let error) = POSIX.flock(fd, POSIX.LOCK_SH) {
            throw .cannotLock(path: path, reason: error.description)
        }
        defer { _ = POSIX.flock(fd, POSIX.LOCK_UN) }
        var bytes: [UInt8] = []
        while true {
            switch POSIX.pread(fd, count: 1 << 20, offset: Int64(bytes.count)) {
            case .success(let chunk):
                if chunk.isEmpty { return try parse(bytes, path: path) }
                bytes += chunk
                // A file that keeps growing while read is bounded too.
                if bytes.count > maxLogBytes {
                    throw .cannotRead(path: path, reason: "it grew past the \(maxLogBytes) bytes a feedback log may have")
                }
            case .failure(let error):
                throw .cannotRead(path: path, reason: error.description)
            }
        }
    }

    /// Parses log bytes; `path` only names the file in warnings and errors.
    ///
    /// Columns are matched by name. A header line later in the file (a concatenated or newer log,
    /// columns reordered or added) re-maps the lines after it; a header-like line lacking log
    /// columns is skipped with a warning and the columns stay as they were. Only a first line that
    /// is such a header makes the file "not a feedback log", so another program's CSV is never
    /// taken over. A leading UTF-8 byte-order mark is ignored.
    package static func parse(_ bytes: [UInt8], path: String) throws(FeedbackLogError) -> FeedbackLogContents {
        var records: [FeedbackRecord] = []
        var warnings: [String] = []
        let standard = FeedbackCSV.Columns(FeedbackRecord.columnNames)
        var columns = standard
        let body = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        var lines = body.split(separator: FeedbackCSV.lf, omittingEmptySubsequences: false)
        // The text after the last line break is empty when the file ends cleanly; anything
        // else is a line the writer did not finish.
        let tail = lines.removeLast()
        var sawLine = false
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = rawLine
            if line.last == FeedbackCSV.cr { line = line.dropLast() }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
            let first = !sawLine
            sawLine = true
            guard line.count <= maxLineBytes else {
                warnings.append("\(path):\(number): skipped a line of \(line.count) bytes, longer than \(maxLineBytes)")
                continue
            }
            let row: FeedbackCSV.Row
            do {
                row = try FeedbackCSV.parseLine(line, lineNumber: number)
            } catch {
                warnings.append("\(path):\(number): skipped a malformed line (\(error.reasonOnly))")
                continue
            }
            if isHeaderLike(row.fields) {  // the first line, or a concatenated or newer log's
                let header = FeedbackCSV.Columns(row.fields)
                let missing = header.missing(FeedbackRecord.requiredColumnNames)
                if missing.isEmpty {
                    columns = header
                } else if first {
                    throw .badHeader(path: path, missing: missing)
                } else {
                    warnings.append("\(path):\(number): skipped a header line that lacks \(missing.joined(separator: ", ")); the columns stay as before")
                }
                continue
            }
            var fields = row.fields
            if fields.count < columns.names.count, row.lastFieldQuoted,
               columns.names[fields.count...].allSatisfy({ !FeedbackRecord.requiredColumnNames.contains($0) }) {
                // A complete line (ended by a line break, its last field quoted as every version
                // of the writer does) from a version that knew fewer, optional, columns: read
                // with those empty.
                fields += Array(repeating: "", count: columns.names.count - fields.count)
            }
            guard fields.count == columns.names.count else {
                let guess = fields.count < columns.names.count ? "; likely cut short by a crash" : ""
                warnings.append("\(path):\(number): skipped a malformed line (expected \(columns.names.count) fields, found \(fields.count)\(guess))")
                continue
            }
            // The log's own writer always quotes the last field, which is how a line cut
            // inside it is told from a complete one; other column layouts are matched by count only.
            guard row.lastFieldQuoted || columns != standard else {
                warnings.append("\(path):\(number): skipped a malformed line (the last field is not quoted; likely cut short by a crash)")
                continue
            }
            let cells = fields.map(FeedbackCSV.unescapeLineBreaks)
            switch FeedbackCSV.record(from: cells, columns: columns) {
            case .success(let record): records.append(record)
            case .failure(let error): warnings.append("\(path):\(number): skipped a malformed line (\(error))")
            }
        }
        if !tail.isEmpty {
            warnings.append("\(path):\(lines.count + 1): skipped a torn last line (no line end; a writer stopped mid-line)")
        }
        return FeedbackLogContents(records: records, warnings: warnings, endsWithLogColumns: columns == standard)
    }

    /// A line naming columns rather than holding values: it starts with `timestamp`, or has
    /// `timestamp` and two more log column names anywhere (a reordered header).
    static func isHeaderLike(_ fields: [String]) -> Bool {
        if fields.first == "timestamp" { return true }
        guard fields.contains("timestamp") else { return false }
        return Set(fields).intersection(FeedbackRecord.columnNames).count >= 3
    }

    /// Refuses a descriptor that is not a regular file (FIFO, device, socket, folder), naming its kind.
    static func requireRegularFile(_ fd: Int32, path: String) throws(FeedbackLogError) {
        switch POSIX.regularFileKind(fd) {
        case .success(nil): return
        case .success(let kind?): throw .notRegularFile(path: path, kind: kind)
        case .failure(let error): throw .cannotRead(path: path, reason: error.description)
        }
    }

    /// Longest line read, in bytes (a record is a few hundred; a long note a few thousand).
    public static let maxLineBytes = 64 << 10
    /// Largest log read, in bytes (about five million verdicts).
    public static let maxLogBytes: Int64 = 1 << 30
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
}

private extension FeedbackCSV.ParseError {
    /// The reason without the "line N:" prefix, which the warning already carries.
    var reasonOnly: String {
        switch self {
        case .unterminatedQuote: "a quoted field is not closed; likely cut short by a crash"
        case .strayQuote: "a quote inside an unquoted field"
        case .textAfterClosingQuote: "text after a closing quote"
        case .unexpectedLineBreak: "a bare carriage return inside the line"
        }
    }
}
