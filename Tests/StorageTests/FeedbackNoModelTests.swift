import Feedback
import Testing
@testable import Storage

@Test("a verdict given without a model writes empty probability and label cells and reads back")
func noModelRecordRoundTrip() throws {
    let record = FeedbackRecord(
        timestamp: UTCTimestamp(millisecondsSinceEpoch: 1_767_323_045_000), reviewer: "ana",
        caseID: CaseID(relativePath: "a.jpeg", sha256: String(repeating: "ab", count: 32)), modelID: "none",
        probability: .nan, threshold: 0.5, predictedLabel: nil, verdict: .agree)
    let line = FeedbackCSV.logLine(record)
    #expect(line.contains(",none,,0.5,,agree,,"))
    let text = FeedbackCSV.logHeaderLine + line
    let contents = try FeedbackLog.parse(Array(text.utf8), path: "log.csv")
    #expect(contents.warnings.isEmpty)
    #expect(contents.records == [record])
    #expect(contents.records[0].probability.isNaN)
    // Nothing to teach: no prediction and no reviewer label.
    #expect(FeedbackExport.rows(from: contents.records).isEmpty)
}

@Test("a probability cell that is not empty must still be a number in 0...1")
func badProbabilityStillRejected() throws {
    let text = FeedbackCSV.logHeaderLine
        + "2026-01-02T03:04:05.000Z,ana,a.jpeg,,m,nan,0.5,NORMAL,agree,,\"\"\n"
    let contents = try FeedbackLog.parse(Array(text.utf8), path: "log.csv")
    #expect(contents.records.isEmpty)
    #expect(contents.warnings.count == 1)
}
