import Foundation
import Feedback
import TeamStore
import TestSupport
import Testing

/// A verdict on film `n` of a study, as the review writes it.
func verdict(_ n: Int, by reviewer: String = "someone", label: ClassLabel = .pneumonia, note: String = "") -> FeedbackRecord {
    let sha = String(repeating: String(n % 10), count: 64)
    return FeedbackRecord(
        timestamp: UTCTimestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(n)), reviewer: reviewer,
        caseID: CaseID(relativePath: "NORMAL/film-\(n).jpeg", sha256: sha), modelID: "cnn@abc", probability: 0.25,
        threshold: 0.5, predictedLabel: .normal, verdict: label == .normal ? .agree : .disagree, reviewerLabel: label, note: note)
}

/// A fresh database with the schema, readers alice, bob and cy, and the adjudicator judy.
func team() throws -> (server: PostgresServer, database: String) {
    let server = PostgresServer.shared
    let database = try server.newDatabase()
    try TeamSchema.initialise(url: server.url(database: database))
    for name in ["alice", "bob", "cy"] { try TeamSchema.addReader(url: server.url(database: database), name: name, adjudicator: false) }
    try TeamSchema.addReader(url: server.url(database: database), name: "judy", adjudicator: true)
    return (server, database)
}

func spoolPath() -> String { NSTemporaryDirectory() + "lightbox-spool-\(UUID().uuidString)/spool.csv" }

/// The SQLSTATE of a refusal, or nil when `body` did not throw one.
func refusal(_ body: () throws(TeamStoreError) -> Void) -> String? {
    do { try body() } catch {
        if case .refused(let state, _) = error { return state }
        return "not a refusal: \(error)"
    }
    return nil
}

@Suite("Team store on a real PostgreSQL server", .serialized,
       .enabled(if: PostgresServer.unavailableReason == nil, "PostgreSQL server binaries are missing (Scripts/setup.sh installs them)"))
struct TeamStoreTests {
    @Test("init creates the schema once: a second run changes nothing; add-reader twice is fine")
    func initIsIdempotent() throws {
        let server = PostgresServer.shared
        let database = try server.newDatabase()
        let url = server.url(database: database)
        #expect(try TeamSchema.initialise(url: url) == (0, TeamSchema.version))
        #expect(try TeamSchema.initialise(url: url) == (TeamSchema.version, TeamSchema.version))
        try TeamSchema.addReader(url: url, name: "alice", adjudicator: false)
        try TeamSchema.addReader(url: url, name: "alice", adjudicator: false)
        let db = try PostgresConnection(url: url)
        #expect(try db.query("SELECT count(*) FROM lightbox.schema_version", text: []) == [["\(TeamSchema.version)"]])
        let store = TeamStore(url: server.url(database: database, user: "alice"), study: "s", spoolPath: spoolPath())
        #expect(try store.record(verdict(1)) == .stored)
    }

    @Test("a database without the schema: the verdict waits in the spool and the reason names the cause")
    func missingSchema() throws {
        let server = PostgresServer.shared
        let database = try server.newDatabase()
        let store = TeamStore(url: server.url(database: database), study: "s", spoolPath: spoolPath())
        guard case .spooled(let waiting, let reason) = try store.record(verdict(1)) else { Issue.record("not spooled"); return }
        #expect(waiting == 1)
        #expect(reason.contains("no Lightbox schema") && reason.contains("lightbox store init"))
        try TeamSchema.initialise(url: server.url(database: database))
        #expect(try store.flush() == 1)
        #expect(try store.waiting() == 0)
    }

    @Test("two readers: each verdict is filed under the login that wrote it, whatever the record says")
    func twoReaders() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath())
        let bob = TeamStore(url: server.url(database: database, user: "bob"), study: "chest", spoolPath: spoolPath())
        #expect(try alice.currentUser() == "alice")
        #expect(try alice.record(verdict(1, by: "mallory", label: .normal)) == .stored)
        #expect(try bob.record(verdict(1, label: .pneumonia)) == .stored)
        #expect(try bob.record(verdict(2, label: .pneumonia)) == .stored)
        let other = TeamStore(url: server.url(database: database, user: "alice"), study: "other", spoolPath: spoolPath())
        try other.record(verdict(3))
        let standing = try alice.standing()
        #expect(standing.reads.all.map(\.reviewer) == ["alice", "bob", "bob"])
        #expect(standing.reads.standing(for: verdict(1).caseID).map(\.reviewerLabel) == [.normal, .pneumonia])
        #expect(standing.adjudications.count == 0)
    }

    @Test("alice cannot insert as bob, update or delete any read, or adjudicate; judy can adjudicate")
    func permissions() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath())
        try alice.record(verdict(1))
        let db = try PostgresConnection(url: server.url(database: database, user: "alice"))
        let insertAsBob = """
            INSERT INTO lightbox.reads (client_id, study, reader, recorded_at, case_path, model_id, threshold, verdict)
            VALUES (gen_random_uuid(), 'chest', 'bob', now(), 'x.jpeg', 'm', 0.5, 'agree')
            """
        #expect(refusal { () throws(TeamStoreError) in try db.query(insertAsBob, text: []) } == "42501")
        #expect(refusal { () throws(TeamStoreError) in try db.query("UPDATE lightbox.reads SET verdict = 'agree'", text: []) } == "42501")
        #expect(refusal { () throws(TeamStoreError) in try db.query("DELETE FROM lightbox.reads", text: []) } == "42501")
        #expect(refusal { () throws(TeamStoreError) in try db.query("TRUNCATE lightbox.reads", text: []) } == "42501")
        // Without naming the reader, the row-level policy still refuses an adjudication from a reader.
        let adjudicate = """
            INSERT INTO lightbox.reads (client_id, study, kind, recorded_at, case_path, model_id, threshold, verdict)
            VALUES (gen_random_uuid(), 'chest', 'adjudication', now(), 'x.jpeg', 'm', 0.5, 'agree')
            """
        #expect(refusal { () throws(TeamStoreError) in try db.query(adjudicate, text: []) } == "42501")
        #expect(throws: TeamStoreError.self) { try alice.record(verdict(2), kind: .adjudication) }
        #expect(try alice.waiting() == 0)
        #expect(try Spool(path: alice.refusedPath).entries().count == 1)
        let judy = TeamStore(url: server.url(database: database, user: "judy"), study: "chest", spoolPath: spoolPath())
        #expect(try judy.record(verdict(1, label: .normal), kind: .adjudication) == .stored)
        // Even the owner cannot rewrite history.
        let admin = try PostgresConnection(url: server.url(database: database))
        #expect(refusal { () throws(TeamStoreError) in try admin.query("DELETE FROM lightbox.reads", text: []) } == "42501")
        let standing = try alice.standing()
        #expect(standing.reads.count == 1 && standing.adjudications.all.map(\.reviewer) == ["judy"])
    }

    @Test("a replayed client id is stored once")
    func replay() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath())
        let id = UUID()
        #expect(try alice.record(verdict(1), clientID: id) == .stored)
        #expect(try alice.record(verdict(1), clientID: id) == .stored)
        try Spool(path: alice.spool.path).append(SpoolEntry(clientID: id, study: "chest", record: verdict(1)))
        #expect(try alice.flush() == 1)
        #expect(try alice.rows().map(\.clientID) == [id])
    }

    @Test("notes and paths with quotes, NUL, backslash escapes and terminal codes are stored exactly")
    func hostileText() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "it's \"a\" study", spoolPath: spoolPath())
        let note = "it's \"quoted\"\u{0}after NUL \\n not a line break\nreal one\r\n\u{1B}[31mred'); DROP TABLE lightbox.reads; -- é 🫁"
        var record = verdict(1, note: note)
        record.caseID.relativePath = "PNEUMONIA/o'brien \"x\"\\y.jpeg"
        #expect(try alice.record(record) == .stored)
        let stored = try #require(try alice.rows().first?.record)
        #expect(stored.note == note)
        #expect(stored.caseID.relativePath == record.caseID.relativePath)
        var expected = record
        expected.reviewer = "alice"
        #expect(stored == expected)
        // The same text survives the spool too.
        let spool = Spool(path: spoolPath())
        try spool.append(SpoolEntry(study: "s", record: record))
        #expect(try spool.entries().first?.record == record)
    }

    @Test("server stopped: the verdict goes to the spool; started again: flush sends it, in order")
    func spoolWhileDown() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath())
        try alice.record(verdict(1))
        try server.stop()
        var outcomes: [TeamStore.Outcome] = []
        do {
            defer { try? server.start() }
            outcomes = [try alice.record(verdict(2)), try alice.record(verdict(3))]
        }
        guard case .spooled(1, let reason) = outcomes[0], case .spooled(2, _) = outcomes[1] else {
            Issue.record("expected two spooled verdicts, got \(outcomes)"); return
        }
        #expect(reason.contains("cannot connect") || reason.contains("lost"))
        #expect(try alice.waiting() == 2)
        #expect(try alice.flush() == 2)
        #expect(try alice.waiting() == 0)
        #expect(try alice.rows().map(\.record.caseID.relativePath) == (1...3).map { "NORMAL/film-\($0).jpeg" })
    }

    @Test("three readers on three threads, 50 verdicts each on 60 films, pg_ctl restart -m immediate in the middle: exactly 150 rows, each once")
    func restartMidRun() throws {
        let (server, database) = try team()
        let readers = ["alice", "bob", "cy"]
        let restartError = ErrorBox()
        let failures = ErrorBox()
        let spooled = Counter()
        let started = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for (index, name) in readers.enumerated() {
            let url = server.url(database: database, user: name), spool = spoolPath()
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let store = TeamStore(url: url, study: "chest", spoolPath: spool)
                do {
                    for n in 0..<50 {
                        if n == 20 && index == 0 { started.signal() }
                        let outcome = try store.record(verdict((n * 7 + index * 5) % 60, label: n % 3 == 0 ? .normal : .pneumonia))
                        if case .spooled = outcome { spooled.add() }
                        usleep(20_000)  // a reader's pace, so the restart lands while all three are writing
                    }
                    // The server is back by now or soon: send what waits.
                    for _ in 0..<100 {
                        if (try? store.flush()) != nil, try store.waiting() == 0 { break }
                        usleep(50_000)
                    }
                } catch { failures.set(error) }
            }
        }
        started.wait()
        do { try server.restartImmediately() } catch { restartError.set(error) }
        group.wait()
        #expect(restartError.error == nil)
        #expect(failures.error == nil)
        #expect(spooled.value > 0, "the restart should have sent some verdicts to the spool")
        let rows = try TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath()).rows()
        #expect(rows.count == 150)
        #expect(Set(rows.map(\.clientID)).count == 150)
        for (index, name) in readers.enumerated() {
            let mine = rows.filter { $0.record.reviewer == name }
            // Each reader's verdicts arrive once and in the order they were given.
            #expect(mine.map(\.record.caseID.relativePath) == (0..<50).map { "NORMAL/film-\(($0 * 7 + index * 5) % 60).jpeg" })
        }
    }

    @Test("a listener hears another reader's insert as a key only")
    func listenNotify() throws {
        let (server, database) = try team()
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest", spoolPath: spoolPath())
        let bob = TeamStore(url: server.url(database: database, user: "bob"), study: "chest", spoolPath: spoolPath())
        try alice.listen()
        #expect(alice.socketDescriptor != nil)
        try bob.record(verdict(7))
        var keys: [Int64] = []
        for _ in 0..<50 where keys.isEmpty {
            keys = try alice.notifications()
            if keys.isEmpty { usleep(20_000) }
        }
        let rows = try alice.rows()
        #expect(keys.count == 1)
        #expect(rows.count == 1)
    }

    @Test("a wrong URL is one line naming the target without its password; the verdict is spooled")
    func wrongURL() throws {
        let store = TeamStore(url: "postgresql://alice:secret@127.0.0.1:1/none?connect_timeout=2", study: "s", spoolPath: spoolPath())
        guard case .spooled(1, let reason) = try store.record(verdict(1)) else { Issue.record("not spooled"); return }
        #expect(!reason.contains("secret") && reason.contains("alice:***@127.0.0.1:1"))
        #expect(!reason.contains("\n"))
    }
}

/// A count shared by threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

/// The first error handed back from another thread.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: Error?
    var error: Error? { lock.withLock { first } }
    func set(_ error: Error) { lock.withLock { if first == nil { first = error } } }
}

@Suite("Store URLs")
struct StoreURLTests {
    @Test("postgresql:// and postgres:// name a server; anything else is a CSV log path")
    func kinds() {
        #expect(StoreURL.isPostgres("postgresql://db/x") && StoreURL.isPostgres("postgres://db/x"))
        #expect(!StoreURL.isPostgres("/studies/a/.lightbox/feedback.csv") && !StoreURL.isPostgres("postgresql:/x"))
    }

    @Test("passwords are hidden in messages, in the authority and in parameters")
    func redaction() {
        #expect(StoreURL.redacted("postgresql://alice:s3cr@t@db:5432/x?sslmode=require") == "postgresql://alice:***@db:5432/x?sslmode=require")
        #expect(StoreURL.redacted("postgresql://db/x?user=a&password=p&sslmode=verify-full") == "postgresql://db/x?user=a&password=***&sslmode=verify-full")
        #expect(StoreURL.redacted("postgresql://alice@db/x") == "postgresql://alice@db/x")
    }

    @Test("a connect timeout is added unless the URL sets one")
    func timeout() {
        #expect(StoreURL.withConnectTimeout("postgresql://db/x") == "postgresql://db/x?connect_timeout=5")
        #expect(StoreURL.withConnectTimeout("postgresql://db/x?sslmode=require") == "postgresql://db/x?sslmode=require&connect_timeout=5")
        #expect(StoreURL.withConnectTimeout("postgresql://db/x?connect_timeout=1") == "postgresql://db/x?connect_timeout=1")
        #expect(StoreURL.withConnectTimeout("host=db dbname=x") == "host=db dbname=x")
    }

    @Test("bytea's hex text decodes to the bytes, NUL included; anything else is refused")
    func bytea() {
        #expect(TeamStore.bytea("\\x00412722") == [0, 0x41, 0x27, 0x22])
        #expect(TeamStore.bytea("\\x") == [])
        #expect(TeamStore.bytea("0041") == nil && TeamStore.bytea("\\x0g") == nil && TeamStore.bytea("\\x0") == nil)
    }
}
