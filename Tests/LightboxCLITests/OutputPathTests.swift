import Foundation
import Feedback
import Storage
import TestSupport
import Testing

/// The path cells of predict's output, in order, for each format (table, csv, jsonl).
private func predictedPaths(_ arguments: [String], in directory: String) throws -> [String: [String]] {
    var out: [String: [String]] = [:]
    for format in ["table", "csv", "jsonl"] {
        let r = try lightbox(["predict"] + arguments + ["--format", format], in: directory)
        #expect(r.status == 0, "\(format): \(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        switch format {
        case "table": out[format] = lines.dropFirst().map { String($0.split(separator: " ")[0]) }
        case "csv": out[format] = try lines.dropFirst().map { FeedbackCSV.cellValue(try #require(FeedbackCSV.parse($0).first).fields[0]) }
        default: out[format] = try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["path"] as? String)
        }
        }
    }
    return out
}

@Suite("paths in predict's output")
struct OutputPathTests {
    @Test("predict names films as the command line named them, relative stays relative, in table, CSV and JSONL alike")
    func pathsAsGiven() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["a", "b"] {
            #expect(try lightbox(["synth", "--out", root + "/" + folder, "--count", "2", "--size", "96"]).status == 0)
        }
        let films = ["NORMAL/phantom-0001.jpeg", "PNEUMONIA/phantom-0002.jpeg"]
        let cases: [([String], [String])] = [
            (["a/", "b/"], films.map { "a/" + $0 } + films.map { "b/" + $0 }),
            (["a"], films.map { "a/" + $0 }),
            (["./b"], films.map { "./b/" + $0 }),
            (["a/NORMAL/phantom-0001.jpeg"], ["a/NORMAL/phantom-0001.jpeg"]),
            (["a/NORMAL/phantom-0001.jpeg", "b"], ["a/NORMAL/phantom-0001.jpeg"] + films.map { "b/" + $0 }),
            ([root + "/a"], films.map { root + "/a/" + $0 }),
        ]
        for (arguments, expected) in cases {
            let got = try predictedPaths(arguments, in: root)
            for format in ["table", "csv", "jsonl"] { #expect(got[format] == expected, "\(arguments) \(format)") }
        }
    }

    @Test("one rule for control characters in CSV: predict and export write the same escaped, reversible cell")
    func oneEscapingRule() throws {
        let name = "t\u{1B}]2;x\u{07}\\n\nb.jpeg"
        let cell = FeedbackCSV.outputRow([name])
        #expect(cell == "t\\x1b]2;x\\x07\\\\n\\x0ab.jpeg")
        #expect(FeedbackCSV.cellValue(cell) == name)
        #expect(FeedbackCSV.cellValue(FeedbackCSV.outputRow(["=1+1"])) == "=1+1")
        #expect(FeedbackCSV.unescapeControls("a\\qb\\x4") == "a\\qb\\x4")   // not an escape: kept as written
        #expect(FeedbackCSV.unescapeControls("\\u{2028}") == "\u{2028}")

        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/s", "--count", "1", "--size", "96"]).status == 0)
        try FileManager.default.moveItem(atPath: root + "/s/NORMAL/phantom-0001.jpeg", toPath: root + "/s/" + name)
        let predicted = try lightbox(["predict", "s", "--format", "csv"], in: root)
        let row = predicted.out.split(separator: "\n")[1]
        #expect(row.hasPrefix("s/" + cell + ","))
        // The export of a verdict on the same film writes the same cell for its path.
        let record = FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: 0), reviewer: "ana",
                                    caseID: CaseID(relativePath: name, sha256: String(repeating: "a", count: 64)),
                                    modelID: "m", probability: 0.5, threshold: 0.5, predictedLabel: .normal, verdict: .agree)
        let export = FeedbackExport.csvText([record])
        #expect(export.contains("," + cell + ","))
        #expect(!export.contains("\u{1B}"))
        #expect(try FeedbackExport.read(export, source: "x").first?.relativePath == name)
    }

    @Test("export --out - writes the CSV to standard output and creates no file named -")
    func exportToStandardOutput() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let record = FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: 0), reviewer: "ana",
                                    caseID: CaseID(relativePath: "a.jpeg", sha256: String(repeating: "b", count: 64)),
                                    modelID: "m", probability: 0.7, threshold: 0.5, predictedLabel: .pneumonia, verdict: .agree)
        let log = try FeedbackLog.open(path: root + "/feedback.csv")
        try log.append(record)
        log.close()
        let r = try lightbox(["export", "--log", "feedback.csv", "--out", "-"], in: root)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == FeedbackExport.csvText([record]))
        #expect(r.err.contains("wrote 1 row from feedback.csv to standard output"))
        #expect(!FileManager.default.fileExists(atPath: root + "/-"))
    }
}
