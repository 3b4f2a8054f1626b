import Foundation
import Feedback
import TeamStore
import TestSupport
import Testing

@Suite("store and agreement commands on a real PostgreSQL server", .serialized,
       .enabled(if: PostgresServer.unavailableReason == nil, "PostgreSQL server binaries are missing (Scripts/setup.sh installs them)"))
struct StoreCommandTests {
    func record(_ store: TeamStore, _ film: Int, _ label: ClassLabel) throws {
        let r = FeedbackRecord(
            timestamp: UTCTimestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(film)), reviewer: "x",
            caseID: CaseID(relativePath: "f\(film).jpeg", sha256: String(format: "%064x", film + 1)), modelID: "m",
            probability: 0.3, threshold: 0.5, predictedLabel: .normal, verdict: label == .normal ? .agree : .disagree,
            reviewerLabel: label)
        #expect(try store.record(r) == .stored)
    }

    @Test("store init twice, add-reader (quotes in a name too), then agreement --store reads the server with its adjudication")
    func teamSetUp() throws {
        let server = PostgresServer.forCommands
        let database = try server.newDatabase()
        let url = server.url(database: database)
        let first = try lightbox(["store", "init", url])
        #expect(first.status == 0 && first.out.contains("now at version \(TeamSchema.version)"), "\(first.err)")
        let second = try lightbox(["store", "init", url])
        #expect(second.status == 0 && second.out.contains("nothing to do"))
        for arguments in [["alice"], ["o'hara \"q\""], ["judy", "--adjudicator"]] {
            let r = try lightbox(["store", "add-reader", url] + arguments)
            #expect(r.status == 0, "\(r.err)")
        }
        let spool = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: spool) }
        let alice = TeamStore(url: server.url(database: database, user: "alice"), study: "chest-2026", spoolPath: spool + "/a.csv")
        let ohara = TeamStore(url: server.url(database: database, user: "o'hara \"q\""), study: "chest-2026", spoolPath: spool + "/o.csv")
        let judy = TeamStore(url: server.url(database: database, user: "judy"), study: "chest-2026", spoolPath: spool + "/j.csv")
        // alice/o'hara: [[2, 1], [1, 2]] over 6 films (kappa 1/3); film 3 (alice PNEUMONIA, o'hara NORMAL) adjudicated NORMAL.
        let a: [ClassLabel] = [.normal, .normal, .normal, .pneumonia, .pneumonia, .pneumonia]
        let o: [ClassLabel] = [.normal, .normal, .pneumonia, .normal, .pneumonia, .pneumonia]
        for film in 0..<6 { try record(alice, film, a[film]); try record(ohara, film, o[film]) }
        let adjudication = FeedbackRecord(
            timestamp: UTCTimestamp(millisecondsSinceEpoch: 1_764_000_100_000), reviewer: "judy",
            caseID: CaseID(relativePath: "f3.jpeg", sha256: String(format: "%064x", 4)), modelID: "m", probability: 0.3,
            threshold: 0.5, predictedLabel: .normal, verdict: .agree, reviewerLabel: .normal)
        #expect(try judy.record(adjudication, kind: .adjudication) == .stored)

        let r = try lightbox(["agreement", "/somewhere/chest-2026", "--store", url, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["readers"] as? [String] == ["alice", "o'hara \"q\""])
        let pair = try #require((object["pairs"] as? [[String: Any]])?.first)
        #expect(pair["n"] as? Int == 6)
        #expect(abs((pair["cohen_kappa"] as? Double ?? .nan) - 1.0 / 3.0) < 1e-6)
        // Consensus: films 0, 1 NORMAL and 4, 5 PNEUMONIA by agreement, film 3 NORMAL by adjudication; film 2 ties.
        let versus = try #require(object["versus_consensus"] as? [[String: Any]])
        #expect(versus.map { $0["n"] as? Int } == [5, 5])
        #expect(versus.map { $0["percent_agreement"] as? Double } == [0.8, 1.0])
        #expect(object["films_without_consensus"] as? Int == 1)
    }

    @Test("a wrong URL or a missing database is one line naming the cause, exit status 1")
    func badURL() throws {
        let server = PostgresServer.forCommands
        let r = try lightbox(["store", "init", server.url(database: "no_such_database")])
        #expect(r.status == 1)
        #expect(r.err.contains("cannot connect") && r.err.contains("no_such_database"))
        #expect(r.err.split(separator: "\n").count == 1)
        let notURL = try lightbox(["store", "init", "/tmp/x.csv"])
        #expect(notURL.status != 0 && notURL.err.contains("not a postgresql:// URL"))
    }
}
