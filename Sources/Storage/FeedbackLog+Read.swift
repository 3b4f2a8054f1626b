#if canImport(Glibc)
import Glibc
#endif
import ReviewCore

extension FeedbackLog {
    /// Reads the log at `path` under a shared lock (so no half-written line of a live writer
    /// is seen) and parses it; a missing file reads as empty.
    ///
    /// A torn or malformed line is skipped with a warning naming the file and line; it is
    /// never fatal. Throws only when the file cannot be read or its header is not a log's.
    public static func read(path: String) throws(FeedbackLogError) -> FeedbackLogContents {
        let fd: Int32
        switch FeedbackSyscall.open(path, O_RDONLY) {
        case .success(let value): fd = value
        case .failure(let error) where error.code == ENOENT: return FeedbackLogContents(records: [], warnings: [])
        case .failure(let error): throw .cannotRead(path: path, reason: error.description)
        }
        defer { FeedbackSyscall.close(fd) }
        if case .failure(let error) = FeedbackSyscall.flock(fd, LOCK_SH) {
            throw .cannotLock(path: path, reason: error.description)
        }
        defer { _ = FeedbackSyscall.flock(fd, LOCK_UN) }
        var bytes: [UInt8] = []
        while true {
            switch FeedbackSyscall.pread(fd, count: 1 << 20, offset: Int64(bytes.count)) {
            case .success(let chunk):
                if chunk.isEmpty { return try parse(bytes, path: path) }
                bytes += chunk
            case .failure(let error):
                throw .cannotRead(path: path, reason: error.description)
            }
        }
    }

    /// Parses log bytes; `path` only names the file in warnings and errors.
    package static func parse(_ bytes: [UInt8], path: String) throws(FeedbackLogError) -> FeedbackLogContents {
        var records: [FeedbackRecord] = []
        var warnings: [String] = []
        let standard = FeedbackCSV.Columns(FeedbackRecord.columnNames)
        var columns = standard
        var lines = bytes.split(separator: FeedbackCSV.lf, omittingEmptySubsequences: false)
        // The text after the last line break is empty when the file ends cleanly; anything
        // else is a line the writer did not finish.
        let tail = lines.removeLast()
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = rawLine
            if line.last == FeedbackCSV.cr { line = line.dropLast() }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
            let row: FeedbackCSV.Row
            do {
                row = try FeedbackCSV.parseLine(line, lineNumber: number)
            } catch {
                warnings.append("\(path):\(number): skipped a malformed line (\(error.reasonOnly))")
                continue
            }
            if row.fields.first == "timestamp" {  // a header: the first line, or a concatenated log's
                let header = FeedbackCSV.Columns(row.fields)
                let missing = header.missing(FeedbackRecord.columnNames)
                if !missing.isEmpty { throw .badHeader(path: path, missing: missing) }
                columns = header
                continue
            }
            guard row.fields.count == columns.names.count else {
                warnings.append("\(path):\(number): skipped a malformed line (expected \(columns.names.count) fields, found \(row.fields.count); likely cut short by a crash)")
                continue
            }
            guard row.lastFieldQuoted else {
                warnings.append("\(path):\(number): skipped a malformed line (the last field is not quoted; likely cut short by a crash)")
                continue
            }
            let cells = row.fields.map(FeedbackCSV.unescapeLineBreaks)
            switch FeedbackCSV.record(from: cells, columns: columns) {
            case .success(let record): records.append(record)
            case .failure(let error): warnings.append("\(path):\(number): skipped a malformed line (\(error))")
            }
        }
        if !tail.isEmpty {
            warnings.append("\(path):\(lines.count + 1): skipped a torn last line (no line end; a writer stopped mid-line)")
        }
        return FeedbackLogContents(records: records, warnings: warnings)
    }
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
