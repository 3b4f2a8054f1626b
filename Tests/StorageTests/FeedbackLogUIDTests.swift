import Foundation
import Feedback
import Imaging
import Testing
@testable import Storage

@Suite("Feedback log: SOP Instance UID")
struct FeedbackLogUIDTests {
    @Test("the UID is written beside the SHA-256 and read back; a torn UID cell is a torn line")
    func roundTrip() throws {
        try withTemporaryFolder { dir in
            let path = dir + "/feedback.csv"
            let log = try FeedbackLog.open(path: path)
            var withUID = record(.agree, image: 1)
            withUID.caseID.sopInstanceUID = "1.2.840.113619.2.55.3"
            try log.append(withUID)
            try log.append(record(.agree, image: 2))
            let contents = try log.readAll()
            #expect(contents.records == [withUID, record(.agree, image: 2)])
            #expect(try fileText(path).contains(",\"1.2.840.113619.2.55.3\"\n"))
            try appendRaw(String(FeedbackCSV.logLine(withUID).dropLast(5)), to: path)
            #expect(try FeedbackLog.read(path: path).warnings.count == 1)
        }
    }

    @Test("a log written before the column still loads, and the writer restates its header before appending")
    func oldLog() throws {
        try withTemporaryFolder { dir in
            let path = dir + "/feedback.csv"
            let old = FeedbackRecord.requiredColumnNames
            let cells = Dictionary(uniqueKeysWithValues: zip(FeedbackRecord.columnNames, FeedbackCSV.cells(of: record(.agree, image: 1))))
            let line = FeedbackCSV.encodeRow(old.map { cells[$0]! }, quoteLastField: true)
            try (FeedbackCSV.encodeRow(old) + "\n" + line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let contents = try FeedbackLog.read(path: path)
            #expect(contents.records == [record(.agree, image: 1)] && contents.warnings.isEmpty)
            #expect(!contents.endsWithLogColumns)
            var next = record(.agree, image: 2)
            next.caseID.sopInstanceUID = "2.25.9"
            try FeedbackLog.open(path: path).append(next)
            let reread = try FeedbackLog.read(path: path)
            #expect(reread.records == [record(.agree, image: 1), next] && reread.warnings.isEmpty)
        }
    }

    @Test("a UID cell of any text the writer keeps reads back; control characters are read as no UID, the line kept")
    func unusualUIDCells() {
        let columns = FeedbackCSV.Columns(FeedbackRecord.columnNames)
        let index = FeedbackRecord.columnNames.firstIndex(of: "sop_instance_uid")!
        for (cell, read) in [("=HYPERLINK(1)", "=HYPERLINK(1)" as String?), ("1.2.ABC", "1.2.ABC"),
                             (String(repeating: "1.", count: 40) + "9", String(repeating: "1.", count: 40) + "9"),
                             ("1.2\u{1B}[31m", nil), (String(repeating: "9", count: 129), nil)] {
            var cells = FeedbackCSV.cells(of: record(.agree, image: 1))
            cells[index] = cell
            guard case .success(let back) = FeedbackCSV.record(from: cells, columns: columns) else {
                Issue.record("refused the UID \(cell)")
                continue
            }
            #expect(back.caseID.sopInstanceUID == read)
        }
    }

    @Test("two films with non-standard UIDs (letters; 80 characters): both verdicts read back and exported")
    func nonStandardUIDs() throws {
        try withTemporaryFolder { dir in
            let path = dir + "/feedback.csv"
            let log = try FeedbackLog.open(path: path)
            var first = record(.agree, image: 1, path: "a.dcm")
            first.caseID.sopInstanceUID = "1.2.826.0.1.3680043.8.498.ABCDEF"
            var second = record(.disagree, image: 2, path: "b.dcm")
            second.caseID.sopInstanceUID = String(repeating: "1.2.", count: 20)
            try log.append(first)
            try log.append(second)
            let contents = try FeedbackLog.read(path: path)
            #expect(contents.warnings.isEmpty)
            #expect(contents.records == [first, second])
            let rows = FeedbackExport.rows(from: contents.records)
            #expect(rows.map(\.caseID.relativePath) == ["a.dcm", "b.dcm"])
            let exported = try FeedbackExport.read(FeedbackExport.csvText(rows), source: "export.csv")
            #expect(exported.count == 2)
        }
    }

    @Test("two films with different bytes sharing one UID: both verdicts exported")
    func sharedUID() throws {
        var first = record(.agree, image: 1, path: "a.dcm")
        first.caseID.sopInstanceUID = "2.25.1.1"
        var second = record(.disagree, image: 2, path: "b.dcm")
        second.caseID.sopInstanceUID = "2.25.1.1"
        let rows = FeedbackExport.rows(from: [first, second])
        #expect(rows.map(\.verdict) == [.agree, .disagree])
    }

    @Test("synth --from's UID comes from the pixels: same pixels same UID, other pixels another; 2.25 and the digest's first 128 bits")
    func contentUID() {
        let a = GrayImage(width: 4, height: 2, pixels: (0..<8).map(Float.init))
        var b = a
        b.pixels[3] += 1
        let uid = FilmWriter.contentUID(of: a)
        #expect(uid == FilmWriter.contentUID(of: GrayImage(width: 4, height: 2, pixels: (0..<8).map(Float.init))))
        #expect(uid != FilmWriter.contentUID(of: b))
        #expect(uid != FilmWriter.contentUID(of: GrayImage(width: 2, height: 4, pixels: a.pixels)))
        // The long division against UInt128's own decimal spelling.
        var bytes: [UInt8] = []
        for n in [4, 2] { withUnsafeBytes(of: UInt64(n).littleEndian) { bytes += $0 } }
        a.pixels.withUnsafeBytes { bytes += $0 }
        let value = SHA256.hash(bytes).prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        #expect(uid == "2.25.\(value)")
        #expect(uid.count <= 64 && FeedbackCSV.storableUID(uid) == uid)
    }

    @Test("lines of an older version (no UID column) after the newer header: all read, the UID empty; a cut line still refused")
    func olderLinesUnderNewerHeader() throws {
        let old = FeedbackRecord.requiredColumnNames
        func oldLine(_ r: FeedbackRecord) -> String {
            let cells = Dictionary(uniqueKeysWithValues: zip(FeedbackRecord.columnNames, FeedbackCSV.cells(of: r)))
            return FeedbackCSV.encodeRow(old.map { cells[$0]! }, quoteLastField: true) + "\n"
        }
        var newer = (1...6).map { record(.agree, image: $0) }
        for i in newer.indices { newer[i].caseID.sopInstanceUID = "2.25.\(i)" }
        let older = (7...10).map { record(.disagree, image: $0) }
        let text = FeedbackCSV.logHeaderLine + newer[0..<3].map(FeedbackCSV.logLine).joined() + older.map(oldLine).joined()
            + newer[3...].map(FeedbackCSV.logLine).joined()
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.warnings.isEmpty)
        #expect(contents.records == Array(newer[0..<3]) + older + Array(newer[3...]))
        // A line missing a required column is not padded.
        let short = FeedbackCSV.encodeRow(Array(FeedbackCSV.cells(of: record(.agree, image: 11)).prefix(9)), quoteLastField: true) + "\n"
        let cut = try FeedbackLog.parse(Array((FeedbackCSV.logHeaderLine + short).utf8), path: "f.csv")
        #expect(cut.records.isEmpty && cut.warnings.count == 1)
    }
}
