// The only file in Lightbox that calls libpq: one Swift function per C function, named after
// it, with the C function in its doc comment. Everything else in TeamStore talks to PostgreSQL
// through `LibPQ`; PGconn and PGresult stay opaque pointers and never leave the module.
import CLibPQ

/// One parameter of a parameterised statement.
enum SQLParameter {
    /// Sent as text; the server converts it to the column's type (`$1::uuid`, `$2::float8`).
    case text(String)
    /// Sent as raw bytes in binary format, for `bytea` (may hold NUL, which text cannot).
    case bytes([UInt8])
    /// SQL NULL.
    case null
}

enum LibPQ {
    /// `PQconnectdb`: opens a connection from a URI or key=value string (honours `PG*`
    /// variables and `~/.pgpass`). Never nil but on out-of-memory; check `status`.
    static func connectdb(_ conninfo: String) -> OpaquePointer? {
        PQconnectdb(conninfo)
    }

    /// `PQsetNoticeProcessor`: drops the server's notices and warnings, which libpq would
    /// otherwise print on stderr (over the review's screen); errors still come as results.
    static func setNoticeProcessor(_ conn: OpaquePointer) {
        _ = PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }

    /// `PQstatus`: true when the connection is `CONNECTION_OK`.
    static func statusOK(_ conn: OpaquePointer) -> Bool {
        PQstatus(conn) == CONNECTION_OK
    }

    /// `PQerrorMessage`: the connection's latest error, trimmed to one line.
    static func errorMessage(_ conn: OpaquePointer) -> String {
        oneLine(PQerrorMessage(conn).map { String(cString: $0) } ?? "")
    }

    /// `PQfinish`: closes the connection and frees it.
    static func finish(_ conn: OpaquePointer) {
        PQfinish(conn)
    }

    /// `PQreset`: closes and reopens the connection with the same parameters.
    static func reset(_ conn: OpaquePointer) {
        PQreset(conn)
    }

    /// `PQexecParams`: runs one statement with `$1...` parameters, results in text format.
    /// Text parameters go as C strings, `bytes` in binary format with their length.
    static func execParams(_ conn: OpaquePointer, _ command: String, _ parameters: [SQLParameter]) -> OpaquePointer? {
        // Every parameter's bytes, NUL-terminated for text, kept alive for the call.
        let buffers: [[CChar]?] = parameters.map { p in
            switch p {
            case .text(let s): Array(s.utf8CString)
            case .bytes(let b): b.map { CChar(bitPattern: $0) } + [0]
            case .null: nil
            }
        }
        let lengths: [Int32] = parameters.map { p in
            if case .bytes(let b) = p { return Int32(b.count) }
            return 0
        }
        let formats: [Int32] = parameters.map { p in
            if case .bytes = p { return 1 }
            return 0
        }
        return withPointers(buffers) { values in
            PQexecParams(conn, command, Int32(parameters.count), nil, values, lengths, formats, 0)
        }
    }

    /// `PQresultStatus`: true for `PGRES_COMMAND_OK` and `PGRES_TUPLES_OK`.
    static func resultOK(_ result: OpaquePointer) -> Bool {
        let status = PQresultStatus(result)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
    }

    /// `PQresultErrorField(PG_DIAG_SQLSTATE)`: the five-character SQLSTATE, or "" when none.
    static func resultSQLState(_ result: OpaquePointer) -> String {
        PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
    }

    /// `PQresultErrorField(PG_DIAG_MESSAGE_PRIMARY)`: the server's message, one line.
    static func resultPrimaryMessage(_ result: OpaquePointer) -> String {
        oneLine(PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? "")
    }

    /// `PQntuples`: number of rows.
    static func ntuples(_ result: OpaquePointer) -> Int { Int(PQntuples(result)) }

    /// `PQnfields`: number of columns.
    static func nfields(_ result: OpaquePointer) -> Int { Int(PQnfields(result)) }

    /// `PQgetisnull`: true when the cell is SQL NULL.
    static func getisnull(_ result: OpaquePointer, _ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    /// `PQgetvalue`: the cell's text ("" for NULL; ask `getisnull`).
    static func getvalue(_ result: OpaquePointer, _ row: Int, _ column: Int) -> String {
        PQgetvalue(result, Int32(row), Int32(column)).map { String(cString: $0) } ?? ""
    }

    /// `PQclear`: frees a result.
    static func clear(_ result: OpaquePointer) {
        PQclear(result)
    }

    /// `PQsocket`: the connection's socket descriptor, for `poll(2)`; -1 when closed.
    static func socket(_ conn: OpaquePointer) -> Int32 { PQsocket(conn) }

    /// `PQconsumeInput`: reads whatever the server sent; false when the connection failed.
    static func consumeInput(_ conn: OpaquePointer) -> Bool { PQconsumeInput(conn) == 1 }

    /// `PQnotifies` (and `PQfreemem` on its result): the next pending notification's channel
    /// and payload, or nil when none is pending.
    static func notifies(_ conn: OpaquePointer) -> (channel: String, payload: String)? {
        guard let notify = PQnotifies(conn) else { return nil }
        defer { PQfreemem(notify) }
        return (String(cString: notify.pointee.relname), String(cString: notify.pointee.extra))
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// Calls `body` with C pointers to each buffer (NULL for nil), valid during the call.
    private static func withPointers<R>(_ buffers: [[CChar]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafePointer<CChar>?] = []
        func recurse(_ index: Int) -> R {
            guard index < buffers.count else { return body(pointers) }
            guard let buffer = buffers[index] else { pointers.append(nil); return recurse(index + 1) }
            return buffer.withUnsafeBufferPointer { p in
                pointers.append(p.baseAddress)
                return recurse(index + 1)
            }
        }
        return recurse(0)
    }
}

private extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return s
    }
}
