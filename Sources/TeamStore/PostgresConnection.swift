/// One libpq connection: parameterised statements, LISTEN notifications, the socket to poll.
///
/// Not thread-safe: one caller at a time (libpq connections are not shared between threads).
/// A statement that fails because the connection broke throws `connectionLost`; the owner
/// drops the connection and opens a new one later.
public final class PostgresConnection {
    private let conn: OpaquePointer
    /// The URL with any password hidden, for messages.
    public let target: String

    /// Connects to `url` (a libpq URI or key=value string; `PG*` variables and `~/.pgpass` apply),
    /// giving up after 5 seconds unless the URL sets `connect_timeout`.
    public init(url: String) throws(TeamStoreError) {
        target = StoreURL.redacted(url)
        guard let conn = LibPQ.connectdb(StoreURL.withConnectTimeout(url)) else { throw .cannotConnect(target: target, reason: "out of memory") }
        guard LibPQ.statusOK(conn) else {
            let reason = LibPQ.errorMessage(conn)
            LibPQ.finish(conn)
            throw .cannotConnect(target: target, reason: reason)
        }
        LibPQ.setNoticeProcessor(conn)
        self.conn = conn
    }

    deinit { LibPQ.finish(conn) }

    /// True while the connection is up, as far as libpq knows.
    public var isConnected: Bool { LibPQ.statusOK(conn) }

    /// Runs one statement with `$1...` parameters; returns its rows as text cells (nil for NULL).
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLParameter] = []) throws(TeamStoreError) -> [[String?]] {
        guard let result = LibPQ.execParams(conn, sql, parameters) else {
            throw .connectionLost(reason: LibPQ.errorMessage(conn))
        }
        defer { LibPQ.clear(result) }
        guard LibPQ.resultOK(result) else {
            let state = LibPQ.resultSQLState(result)
            // Class 08 is a connection exception; an empty state or a dead connection is one too.
            if !LibPQ.statusOK(conn) || state.isEmpty || state.hasPrefix("08") || state.hasPrefix("57P") {
                throw .connectionLost(reason: LibPQ.resultPrimaryMessage(result))
            }
            throw .refused(sqlState: state, message: LibPQ.resultPrimaryMessage(result))
        }
        let rows = LibPQ.ntuples(result), columns = LibPQ.nfields(result)
        return (0..<rows).map { r in
            (0..<columns).map { c in LibPQ.getisnull(result, r, c) ? nil : LibPQ.getvalue(result, r, c) }
        }
    }

    /// Runs a statement given as plain text with text parameters (nil is NULL).
    @discardableResult
    public func query(_ sql: String, text parameters: [String?]) throws(TeamStoreError) -> [[String?]] {
        try query(sql, parameters.map { $0.map(SQLParameter.text) ?? .null })
    }

    /// The socket to poll for notifications (`poll(2)` for input, then `notifications()`).
    public var socketDescriptor: Int32 { LibPQ.socket(conn) }

    /// Notifications that have arrived since the last call, as (channel, payload), without blocking.
    public func notifications() throws(TeamStoreError) -> [(channel: String, payload: String)] {
        guard LibPQ.consumeInput(conn) else { throw .connectionLost(reason: LibPQ.errorMessage(conn)) }
        var out: [(channel: String, payload: String)] = []
        while let next = LibPQ.notifies(conn) { out.append(next) }
        return out
    }
}
