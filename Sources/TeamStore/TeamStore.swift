import Foundation
import Feedback

/// A study's verdicts on a shared PostgreSQL server, with a local spool for when it is away.
///
/// Every verdict is first appended to the spool (synced), then the spool is sent in order and
/// cut; so a verdict is never lost and never overtakes an earlier one, whether the server is
/// down, restarts mid-statement, or the process dies between the two steps (the replay is a
/// no-op: the server keeps each client id once). The reader is whoever the connection logs in
/// as (`current_user`); the server refuses rows naming anyone else.
///
/// Shaped for the feedback-store protocol: `record`, `standing`, and `listen`/`notifications`
/// to watch for others' records. Not thread-safe: one caller at a time.
public final class TeamStore {
    /// The server URL as given (passwords are hidden in every message).
    public let url: String
    /// The study every verdict is filed under.
    public let study: String
    /// Where verdicts wait while the server is away.
    public let spool: Spool
    /// Where verdicts the server refused (a constraint or permission) are kept, never dropped.
    public var refusedPath: String { spool.path + ".refused" }
    private var connection: PostgresConnection?
    private var listening = false
    /// After the server was found away, `record` only spools until this time, so a run of
    /// verdicts does not wait for a connect timeout each; `flush` always tries.
    private var quietUntil: Date?
    /// How long `record` leaves the server alone after finding it away.
    public var retryInterval: TimeInterval = 2
    private var lastReason: String?

    /// A store for `study` on `url`, spooling to `spoolPath`; connects on first use.
    public init(url: String, study: String, spoolPath: String) {
        self.url = url
        self.study = study
        self.spool = Spool(path: spoolPath)
    }

    /// What happened to a recorded verdict.
    public enum Outcome: Sendable, Equatable {
        /// On the server (with everything spooled before it).
        case stored
        /// Saved in the spool, not yet on the server; `waiting` verdicts wait in all.
        case spooled(waiting: Int, reason: String)
    }

    /// Records `record` as `kind`: spooled first, then sent with everything waiting before it.
    /// When the server is away, or its schema missing or old, the verdict waits in the spool
    /// (`.spooled`, with the reason). Throws only when the spool cannot be written, or a sent
    /// entry was refused by the server (that entry is then kept in `refusedPath`).
    @discardableResult
    public func record(_ record: FeedbackRecord, kind: ReadKind = .read, clientID: UUID = UUID()) throws(TeamStoreError) -> Outcome {
        try spool.append(SpoolEntry(clientID: clientID, study: study, kind: kind, record: record))
        if let quietUntil, Date() < quietUntil, let reason = lastReason {
            return .spooled(waiting: try spool.entries().count, reason: reason)
        }
        do throws(TeamStoreError) {
            try flush()
            quietUntil = nil
            return .stored
        } catch {
            switch error {
            case .refused, .spool: throw error
            // Unreachable, no schema, an old schema: the verdict waits in the spool.
            default:
                quietUntil = Date().addingTimeInterval(retryInterval)
                lastReason = error.description
                return .spooled(waiting: try spool.entries().count, reason: error.description)
            }
        }
    }

    /// Sends every spooled verdict in order; returns how many were sent. Throws `cannotConnect`
    /// or `connectionLost` when the server is away (the spool stays whole), `refused` after
    /// moving a verdict the server will never take to `refusedPath` (the rest are sent).
    @discardableResult
    public func flush() throws(TeamStoreError) -> Int {
        var refusal: TeamStoreError?
        let sent = try spool.drain { entry throws(TeamStoreError) in
            do throws(TeamStoreError) {
                try insert(entry)
            } catch {
                guard case .refused = error else { throw error }
                try Spool(path: refusedPath).append(entry)
                refusal = refusal ?? error
            }
        }
        if let refusal { throw refusal }
        return sent
    }

    /// Verdicts waiting in the spool.
    public func waiting() throws(TeamStoreError) -> Int { try spool.entries().count }

    /// The login the server records verdicts under (`current_user`).
    public func currentUser() throws(TeamStoreError) -> String {
        try run { db throws(TeamStoreError) in (try db.query("SELECT current_user", text: []).first?.first ?? nil) ?? "" }
    }

    /// Every row of this study on the server, in the order the server received them.
    public func rows() throws(TeamStoreError) -> [SpoolEntry] {
        let rows = try run { db throws(TeamStoreError) in
            try db.query("""
                SELECT client_id::text, kind, reader, round(extract(epoch FROM recorded_at) * 1000)::bigint, case_path,
                       sha256, sop_instance_uid, model_id, probability, threshold, predicted_label, verdict,
                       reviewer_label, note
                FROM lightbox.reads WHERE study = $1 ORDER BY id
                """, text: [study])
        }
        var entries: [SpoolEntry] = []
        for row in rows { entries.append(try Self.entry(row, study: study)) }
        return entries
    }

    /// The standing verdicts of this study: the readers' (one per film and reader) and the adjudicators'.
    public func standing() throws(TeamStoreError) -> (reads: StandingVerdicts, adjudications: StandingVerdicts) {
        let all = try rows()
        return (StandingVerdicts(all.filter { $0.kind == .read }.map(\.record)),
                StandingVerdicts(all.filter { $0.kind == .adjudication }.map(\.record)))
    }

    /// Starts listening for other readers' inserts (`TeamSchema.channel`).
    public func listen() throws(TeamStoreError) {
        try run { db throws(TeamStoreError) in try db.query("LISTEN \(TeamSchema.channel)", text: []) }
        listening = true
    }

    /// Keys (row ids) of rows inserted since the last call, without blocking; empty when not
    /// listening. A lost connection throws; the next `listen` starts again.
    public func notifications() throws(TeamStoreError) -> [Int64] {
        guard listening, let db = connection else { return [] }
        do throws(TeamStoreError) {
            return try db.notifications().filter { $0.channel == TeamSchema.channel }.compactMap { Int64($0.payload) }
        } catch {
            connection = nil
            listening = false
            throw error
        }
    }

    /// The socket to poll for notifications, or nil when not connected.
    public var socketDescriptor: Int32? { connection?.socketDescriptor }

    private func insert(_ entry: SpoolEntry) throws(TeamStoreError) {
        let r = entry.record
        func number(_ x: Double) -> SQLParameter { x.isNaN ? .null : .text(x.description) }
        func optional(_ s: String?) -> SQLParameter { s.map(SQLParameter.text) ?? .null }
        try run { db throws(TeamStoreError) in
            try db.query("""
                INSERT INTO lightbox.reads (client_id, study, kind, recorded_at, case_path, sha256, sop_instance_uid,
                                            model_id, probability, threshold, predicted_label, verdict, reviewer_label, note)
                VALUES ($1::uuid, $2, $3, to_timestamp($4::float8 / 1000), $5, $6, $7, $8, $9::float8, $10::float8,
                        $11, $12, $13, $14::bytea)
                ON CONFLICT (client_id) DO NOTHING
                """, [
                    .text(entry.clientID.uuidString.lowercased()), .text(entry.study), .text(entry.kind.rawValue),
                    .text(String(r.timestamp.millisecondsSinceEpoch)), .text(r.caseID.relativePath),
                    optional(r.caseID.sha256), optional(r.caseID.sopInstanceUID), .text(r.modelID),
                    number(r.probability), number(r.threshold), optional(r.predictedLabel?.rawValue),
                    .text(r.verdict.rawValue), optional(r.reviewerLabel?.rawValue), .bytes(Array(r.note.utf8)),
                ])
        }
    }

    /// Runs `body` on the connection, opening it (and checking the schema) when there is none;
    /// a lost connection is dropped so the next call reconnects.
    @discardableResult
    private func run<R>(_ body: (PostgresConnection) throws(TeamStoreError) -> R) throws(TeamStoreError) -> R {
        if let db = connection, !db.isConnected { connection = nil; listening = false }
        let db: PostgresConnection
        if let open = connection { db = open } else {
            db = try PostgresConnection(url: url)
            try TeamSchema.requireCurrent(db)
            connection = db
        }
        do throws(TeamStoreError) { return try body(db) } catch {
            if error.isUnreachable { connection = nil; listening = false }
            throw error
        }
    }

    /// A server row (the columns of `rows()`) as a spool entry whose record names the reader.
    static func entry(_ row: [String?], study: String) throws(TeamStoreError) -> SpoolEntry {
        func text(_ i: Int) -> String { row[i] ?? "" }
        guard row.count == 14, let id = UUID(uuidString: text(0)), let kind = ReadKind(rawValue: text(1)),
              let ms = Int64(text(3)), let verdict = Verdict(rawValue: text(11)),
              let threshold = Double(text(9)), let note = Self.bytea(text(13)) else {
            throw .badRow(reason: row.map { $0 ?? "NULL" }.joined(separator: ", "))
        }
        let record = FeedbackRecord(
            timestamp: UTCTimestamp(millisecondsSinceEpoch: ms), reviewer: text(2),
            caseID: CaseID(relativePath: text(4), sha256: row[5], sopInstanceUID: row[6]), modelID: text(7),
            probability: row[8].flatMap(Double.init) ?? .nan, threshold: threshold,
            predictedLabel: row[10].flatMap(ClassLabel.init(rawValue:)), verdict: verdict,
            reviewerLabel: row[12].flatMap(ClassLabel.init(rawValue:)), note: String(decoding: note, as: UTF8.self))
        return SpoolEntry(clientID: id, study: study, kind: kind, record: record)
    }

    /// Decodes PostgreSQL's hex `bytea` text (`\x4142`); nil when it is not that.
    package static func bytea(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count >= 2, digits[0] == UInt8(ascii: "\\"), digits[1] == UInt8(ascii: "x"), digits.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2 - 1)
        var i = 2
        while i < digits.count {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
