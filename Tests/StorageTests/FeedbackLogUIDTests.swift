import Foundation
import Feedback
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

    @Test("a UID cell that is not digits and dots is refused with the column named")
    func badUID() {
        var cells = FeedbackCSV.cells(of: record(.agree, image: 1))
        cells[FeedbackRecord.columnNames.firstIndex(of: "sop_instance_uid")!] = "=HYPERLINK(1)"
        guard case .failure(let error) = FeedbackCSV.record(from: cells, columns: FeedbackCSV.Columns(FeedbackRecord.columnNames)) else {
            Issue.record("accepted a bad UID")
            return
        }
        #expect(error.description.hasPrefix("sop_instance_uid '=HYPERLINK(1)' is not a DICOM UID"))
    }
}
