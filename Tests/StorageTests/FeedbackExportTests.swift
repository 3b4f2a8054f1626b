import Imaging
import Foundation
import Numerics
import Feedback
import Storage
import Testing

@Test("the export has a header row of the log's columns plus label_for_training")
func exportHeader() throws {
    let text = FeedbackExport.csvText([])
    #expect(text == "timestamp,reviewer,case_path,sha256,model_id,probability,threshold,predicted_label,verdict,reviewer_label,note,label_for_training\r\n")
}

@Test("one row per (case, reviewer) with the latest standing verdict; retracted ones are left out")
func oneRowPerCaseAndReviewer() throws {
    let records = [
        record(.agree, image: 1, reviewer: "ana", at: 1),
        record(.disagree, image: 1, reviewer: "ana", reviewerLabel: .normal, at: 2),
        record(.agree, image: 1, reviewer: "ben", at: 3),
        record(.agree, image: 2, reviewer: "ana", at: 4),
        record(.retract, image: 2, reviewer: "ana", at: 5),
        record(.note, image: 3, reviewer: "ana", note: "no verdict", at: 6),
    ]
    let rows = FeedbackExport.rows(from: records)
    #expect(rows.map(\.reviewer) == ["ana", "ben"])
    #expect(rows.map(\.verdict) == [.disagree, .agree])
    let entries = try FeedbackExport.read(FeedbackExport.csvText(rows), source: "out.csv")
    #expect(entries == [
        FeedbackExport.Entry(relativePath: "test/PNEUMONIA/person1_virus.jpeg", sha256: sha(1), labelForTraining: .normal, reviewer: "ana"),
        FeedbackExport.Entry(relativePath: "test/PNEUMONIA/person1_virus.jpeg", sha256: sha(1), labelForTraining: .pneumonia, reviewer: "ben"),
    ])
}

@Test("commas, quotes and UTF-8 names are quoted per RFC 4180, a newline escaped as predict does, and all read back exactly")
func exportQuoting() throws {
    let awkward = record(.disagree, image: 5, path: "Łódź, \"ward 3\"/zdjęcie 肺.jpeg",
                         reviewer: "José", reviewerLabel: .normal, note: "line one\nline \"two\", end")
    let text = FeedbackExport.csvText([awkward])
    #expect(text.contains("\"Łódź, \"\"ward 3\"\"/zdjęcie 肺.jpeg\""))
    #expect(text.contains("\"line one\\x0aline \"\"two\"\", end\""))   // one physical line per row
    let rows = try FeedbackCSV.parse(text)
    #expect(rows.count == 2)
    #expect(rows[1].fields.count == FeedbackExport.columnNames.count)
    #expect(FeedbackCSV.cellValue(rows[1].fields[10]) == "line one\nline \"two\", end")
    #expect(rows[1].fields[11] == "NORMAL")
    let entries = try FeedbackExport.read(text, source: "out.csv")
    #expect(entries.first?.relativePath == awkward.caseID.relativePath)
    #expect(entries.first?.reviewer == "José")
}

@Test("cells starting with = + - @ are escaped against spreadsheet formulas and read back unescaped")
func exportInjection() throws {
    let evil = record(.agree, image: 6, path: "=HYPERLINK(\"http://x\",\"click\")", reviewer: "@admin",
                      note: "-2+3")
    let text = FeedbackExport.csvText([evil])
    let cells = try FeedbackCSV.parse(text)[1].fields
    #expect(cells[1] == "'@admin")
    #expect(cells[2] == "'=HYPERLINK(\"http://x\",\"click\")")
    #expect(cells[10] == "'-2+3")
    for cell in cells {
        #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""), "cell \(cell)")
    }
    #expect(cells[5] == "0.8125")  // numbers are untouched
    let entry = try #require(try FeedbackExport.read(text, source: "out.csv").first)
    #expect(entry.relativePath == evil.caseID.relativePath)
    #expect(entry.reviewer == "@admin")
}

@Test("the reader finds columns by name, ignores a byte-order mark, and names the file in errors")
func readerTolerance() throws {
    let text = "\u{FEFF}reviewer,label_for_training,extra,sha256,case_path\r\nana,PNEUMONIA,x,\(sha(1).uppercased()),a.jpeg\r\n"
    let entries = try FeedbackExport.read(text, source: "f.csv")
    #expect(entries == [FeedbackExport.Entry(relativePath: "a.jpeg", sha256: sha(1), labelForTraining: .pneumonia, reviewer: "ana")])

    #expect(throws: FeedbackExportError.missingColumns(source: "f.csv", names: ["sha256", "label_for_training"])) {
        try FeedbackExport.read("case_path,reviewer\r\na,b\r\n", source: "f.csv")
    }
    do {
        _ = try FeedbackExport.read("case_path,sha256,label_for_training,reviewer\r\na,,MAYBE,ana\r\n", source: "f.csv")
        Issue.record("a bad label was accepted")
    } catch {
        #expect(error.description == "f.csv: line 2: label_for_training 'MAYBE' is not NORMAL or PNEUMONIA")
    }
}

@Test("a log written, reopened and exported reads back as the standing verdicts")
func logToExportRoundTrip() throws {
    try withTemporaryFolder { dir in
        let log = try FeedbackLog.open(path: dir + "/feedback.csv")
        var rng = SplitMix64(seed: 11)
        var records: [FeedbackRecord] = []
        for i in 0..<200 {
            let verdict: Verdict = [.agree, .disagree, .retract, .note].randomElement(using: &rng)!
            let r = record(verdict, image: Int.random(in: 1...20, using: &rng),
                           reviewer: ["ana", "ben", "=chris"].randomElement(using: &rng)!,
                           reviewerLabel: verdict == .disagree ? .normal : nil, note: "n\(i), \"q\"", at: Int64(i))
            records.append(r)
            try log.append(r)
        }
        let contents = try FeedbackLog.read(path: dir + "/feedback.csv")
        #expect(contents.records == records)
        let expected = StandingVerdicts(records).all
        let entries = try FeedbackExport.read(FeedbackExport.csvText(FeedbackExport.rows(from: contents.records)), source: "x")
        #expect(entries.count == expected.count)
        #expect(entries.map(\.reviewer) == expected.map(\.reviewer))
        #expect(entries.map(\.sha256) == expected.map { $0.caseID.sha256! })
        #expect(entries.map(\.labelForTraining) == expected.map { $0.labelForTraining! })
    }
}

@Test("the export file is written whole, with no temporary left, and a bad folder is a one-line error")
func exportWritesFile() throws {
    try withTemporaryFolder { dir in
        let text = FeedbackExport.csvText(FeedbackExport.rows(from: [record(.agree)]))
        try FeedbackExport.write(text, to: dir + "/out.csv")
        try FeedbackExport.write(text, to: dir + "/out.csv")  // overwriting is fine
        #expect(try fileText(dir + "/out.csv") == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
        #expect(throws: FeedbackExportError.cannotWrite(path: dir + "/missing/out.csv", reason: "No such file or directory")) {
            try FeedbackExport.write(text, to: dir + "/missing/out.csv")
        }
    }
}

@Test("a deferred film is exported as defer with no label for training, and the reader skips it")
func deferredExport() throws {
    let records = [
        record(.agree, image: 1, reviewer: "ana", at: 1),
        record(.deferred, image: 2, reviewer: "ana", at: 2),
    ]
    let rows = FeedbackExport.rows(from: records)
    #expect(rows.map(\.verdict) == [.agree, .deferred])
    let text = FeedbackExport.csvText(rows)
    #expect(text.contains(",defer,,,\r\n"))
    let entries = try FeedbackExport.read(text, source: "out.csv")
    #expect(entries.count == 1)
    #expect(entries[0].sha256 == sha(1))
}
