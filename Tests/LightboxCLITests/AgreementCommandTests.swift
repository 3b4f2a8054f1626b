import Foundation
import Feedback
import Storage
import TestSupport
import Testing

@Suite("agreement command")
struct AgreementCommandTests {
    /// A study whose log gives ann and bob the 2x2 table [[4, 1], [1, 4]] over 10 films
    /// (pa 0.8, pe 0.5, kappa 0.6), plus cy on the first 4 films, a deferred film and a retracted change of mind.
    static func study() throws -> String {
        let root = try temporaryFolder()
        let log = try FeedbackLog.open(path: root + "/.lightbox/feedback.csv")
        var t: Int64 = 1_764_000_000_000
        func say(_ reviewer: String, _ film: Int, _ label: ClassLabel?, _ verdict: Verdict? = nil) throws {
            t += 1000
            let sha = String(format: "%064x", film + 1)
            try log.append(FeedbackRecord(
                timestamp: UTCTimestamp(millisecondsSinceEpoch: t), reviewer: reviewer,
                caseID: CaseID(relativePath: "f\(film).jpeg", sha256: sha), modelID: "m", probability: 0.3, threshold: 0.5,
                predictedLabel: .normal, verdict: verdict ?? (label == .normal ? .agree : .disagree), reviewerLabel: label))
        }
        let ann: [ClassLabel] = [.normal, .normal, .normal, .normal, .normal, .pneumonia, .pneumonia, .pneumonia, .pneumonia, .pneumonia]
        let bob: [ClassLabel] = [.normal, .normal, .normal, .normal, .pneumonia, .normal, .pneumonia, .pneumonia, .pneumonia, .pneumonia]
        for film in 0..<10 {
            try say("ann", film, ann[film])
            try say("bob", film, bob[film])
        }
        try say("bob", 0, .pneumonia)  // a change of mind, taken back: NORMAL stands
        try say("bob", 0, nil, .retract)
        for film in 0..<4 { try say("cy", film, .normal) }
        try say("cy", 11, nil, .deferred)
        return root
    }

    @Test("--json: the pairs over films both read, Cohen's kappa 0.6 for ann/bob, Fleiss' kappa, keys as documented")
    func json() throws {
        let root = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try lightbox(["agreement", root, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["readers"] as? [String] == ["ann", "bob", "cy"])
        #expect(object["films"] as? Int == 10)
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.map { "\($0["a"]!)/\($0["b"]!)" } == ["ann/bob", "ann/cy", "bob/cy"])
        let annBob = pairs[0]
        #expect(annBob["n"] as? Int == 10)
        #expect(annBob["percent_agreement"] as? Double == 0.8)
        #expect(annBob["cohen_kappa"] as? Double == 0.6)
        let interval = try #require(annBob["cohen_kappa_ci95"] as? [Double])
        #expect(interval.count == 2 && interval[0] < 0.6 && 0.6 < interval[1])
        #expect(annBob["gwet_ac1"] as? Double == 0.6)
        #expect(pairs[1]["n"] as? Int == 4 && pairs[2]["n"] as? Int == 4)
        // Fleiss over 10 films: 4 with three NORMAL reads, 1 with two, 3 with two PNEUMONIA, 2 split.
        let expected = fleiss([[3, 0], [3, 0], [3, 0], [3, 0], [1, 1], [1, 1], [0, 2], [0, 2], [0, 2], [0, 2]])
        #expect(abs((object["fleiss_kappa"] as? Double ?? .nan) - expected) < 1e-6)
        // The same seed gives the same intervals.
        #expect(try lightbox(["agreement", root, "--json"]).out == r.out)
    }

    @Test("text output names the pairs, Fleiss' kappa, the consensus and the matrices; --store reads another log")
    func text() throws {
        let root = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let moved = root + "/elsewhere.csv"
        try FileManager.default.moveItem(atPath: root + "/.lightbox/feedback.csv", toPath: moved)
        let r = try lightbox(["agreement", root, "--store", moved])
        #expect(r.status == 0, "\(r.err)")
        for text in ["ann / bob", "Fleiss' kappa", "ann / consensus", "confusion ann (rows) / bob (columns)"] {
            #expect(r.out.contains(text), "missing \(text)")
        }
        let missing = try lightbox(["agreement", root])
        #expect(missing.status != 0 && missing.err.contains("no feedback log"))
    }

    /// Fleiss' kappa by the textbook formula, every film with the same number of reads or not.
    func fleiss(_ counts: [[Int]]) -> Double {
        let rated = counts.filter { $0.reduce(0, +) >= 2 }
        let p = rated.map { row -> Double in
            let r = row.reduce(0, +)
            return Double(row.map { $0 * ($0 - 1) }.reduce(0, +)) / Double(r * (r - 1))
        }.reduce(0, +) / Double(rated.count)
        let shares = (0..<2).map { k in counts.map { Double($0[k]) / Double($0.reduce(0, +)) }.reduce(0, +) / Double(counts.count) }
        let pe = shares.map { $0 * $0 }.reduce(0, +)
        return (p - pe) / (1 - pe)
    }
}
