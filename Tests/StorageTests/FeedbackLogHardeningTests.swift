import Foundation
import Feedback
import Storage
import Testing

/// Ten distinct standard log lines.
private let ten = (1...10).map { FeedbackCSV.logLine(record(.agree, image: $0)) }

/// Line `text` with its cells reordered to `order` (names from `FeedbackRecord.columnNames`), plus `extra` cells.
private func reordered(_ record: FeedbackRecord, _ order: [String], extra: [String: String] = [:]) -> String {
    let cells = Dictionary(uniqueKeysWithValues: zip(FeedbackRecord.columnNames, FeedbackCSV.cells(of: record)))
    return FeedbackCSV.encodeRow(order.map { cells[$0] ?? extra[$0] ?? "" }, quoteLastField: true) + "\n"
}

@Suite("feedback log hardening", .serialized)
struct FeedbackLogHardeningTests {
    @Test("another program's header in the middle is skipped with file:line and loses no valid row")
    func foreignHeaderMidFile() throws {
        let text = FeedbackCSV.logHeaderLine + ten[0..<5].joined() + "timestamp,event,reviewer,host\n" + ten[5...].joined()
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records.map(\.caseID.sha256) == (1...10).map(sha))
        #expect(contents.warnings.count == 1)
        #expect(contents.warnings.first?.hasPrefix("f.csv:7: skipped a header line that lacks") == true)
        #expect(contents.endsWithLogColumns)
    }

    @Test("a newer header with an extra column in the middle re-maps the rows after it by name")
    func newerHeaderWithExtraColumn() throws {
        var names = FeedbackRecord.columnNames
        names.insert("site", at: 4)
        let newer = FeedbackCSV.encodeRow(names) + "\n"
        let rows = (6...10).map { reordered(record(.agree, image: $0), names, extra: ["site": "north"]) }
        let text = FeedbackCSV.logHeaderLine + ten[0..<5].joined() + newer + rows.joined()
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records == (1...10).map { record(.agree, image: $0) })
        #expect(contents.warnings.isEmpty)
    }

    @Test("a header with the columns reordered reads every row, also as the first line")
    func reorderedHeader() throws {
        let names = Array(FeedbackRecord.columnNames.reversed())
        let rows = (1...10).map { reordered(record(.agree, image: $0), names) }
        let text = FeedbackCSV.encodeRow(names) + "\n" + rows.joined()
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records == (1...10).map { record(.agree, image: $0) })
        #expect(contents.warnings.isEmpty)
        #expect(!contents.endsWithLogColumns)
    }

    @Test("after a foreign header, new verdicts are still accepted and read back (the writer restates its header)")
    func appendAfterForeignColumns() throws {
        try withTemporaryFolder { dir in
            let path = dir + "/feedback.csv"
            let names = Array(FeedbackRecord.columnNames.reversed())
            let text = FeedbackCSV.logHeaderLine + ten[0..<2].joined() + "timestamp,what\n"
                + FeedbackCSV.encodeRow(names) + "\n" + reordered(record(.agree, image: 3), names)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let log = try FeedbackLog.open(path: path)
            try log.append(record(.disagree, image: 4))
            let contents = try FeedbackLog.read(path: path)
            #expect(contents.records == [record(.agree, image: 1), record(.agree, image: 2), record(.agree, image: 3),
                                         record(.disagree, image: 4)])
            #expect(contents.warnings.count == 1)
        }
    }

    @Test("a byte-order mark at the start is not taken for a torn line")
    func byteOrderMark() throws {
        let text = "\u{FEFF}" + FeedbackCSV.logHeaderLine + ten[0]
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records.count == 1)
        #expect(contents.warnings.isEmpty)
    }

    @Test("an over-long line is skipped with a warning, the rest still read")
    func longLine() throws {
        let long = String(repeating: "x", count: FeedbackLog.maxLineBytes + 1) + "\n"
        let text = FeedbackCSV.logHeaderLine + ten[0] + long + ten[1]
        let contents = try FeedbackLog.parse(Array(text.utf8), path: "f.csv")
        #expect(contents.records.count == 2)
        #expect(contents.warnings.count == 1 && contents.warnings[0].hasPrefix("f.csv:3:"))
    }

    @Test("a FIFO, /dev/zero or a folder as the log is refused at once for reading and for appending")
    func specialFiles() throws {
        try withTemporaryFolder { dir in
            let fifo = dir + "/log.fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            for path in [fifo, "/dev/zero", "/dev/null", dir] {
                let start = Date()
                #expect(throws: FeedbackLogError.self) { try FeedbackLog.read(path: path) }
                #expect(throws: FeedbackLogError.self) { try FeedbackLog.open(path: path) }
                #expect(Date().timeIntervalSince(start) < 2)
            }
            do { _ = try FeedbackLog.read(path: fifo) } catch {
                #expect(String(describing: error) == "\(fifo): not a feedback log: it is a FIFO, not a regular file")
            }
            // A new file is still fine.
            let log = try FeedbackLog.open(path: dir + "/new.csv")
            try log.append(record(.agree))
            #expect(try FeedbackLog.read(path: dir + "/new.csv").records.count == 1)
        }
    }
}
