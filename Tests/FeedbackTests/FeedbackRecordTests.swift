import Testing
import Feedback

func makeRecord(_ verdict: Verdict, sha: String? = String(repeating: "a", count: 64),
                path: String = "test/PNEUMONIA/person1_virus_6.jpeg", reviewer: String = "ana",
                predicted: ClassLabel = .pneumonia, reviewerLabel: ClassLabel? = nil,
                note: String = "", at milliseconds: Int64 = 0) -> FeedbackRecord {
    FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: milliseconds), reviewer: reviewer,
                   caseID: CaseID(relativePath: path, sha256: sha), modelID: "tiny-cnn@1",
                   probability: 0.8, threshold: 0.5, predictedLabel: predicted, verdict: verdict,
                   reviewerLabel: reviewerLabel, note: note)
}

@Test("agree trains on the prediction, disagree on the reviewer's label or else the other class")
func labelForTraining() {
    #expect(makeRecord(.agree, predicted: .pneumonia).labelForTraining == .pneumonia)
    #expect(makeRecord(.agree, predicted: .normal, reviewerLabel: .normal).labelForTraining == .normal)
    #expect(makeRecord(.disagree, predicted: .pneumonia, reviewerLabel: .normal).labelForTraining == .normal)
    #expect(makeRecord(.disagree, predicted: .normal).labelForTraining == .pneumonia)
    #expect(makeRecord(.retract).labelForTraining == nil)
    #expect(makeRecord(.note, note: "artefact").labelForTraining == nil)
}

@Test("class labels and verdicts use the log's spellings")
func rawValues() {
    #expect(ClassLabel(rawValue: "NORMAL") == .normal)
    #expect(ClassLabel(rawValue: "PNEUMONIA") == .pneumonia)
    #expect(ClassLabel.normal.opposite == .pneumonia)
    #expect(Verdict.allCases.map(\.rawValue) == ["agree", "disagree", "defer", "retract", "note"])
    #expect(FeedbackRecord.columnNames.count == 12)
}

@Test("a case matches by SHA-256 when known, case-insensitively, and by path otherwise")
func caseMatchKey() {
    let upper = CaseID(relativePath: "a.jpeg", sha256: String(repeating: "AB", count: 32))
    let lower = CaseID(relativePath: "b.jpeg", sha256: String(repeating: "ab", count: 32))
    #expect(upper.matchKey == lower.matchKey)
    #expect(CaseID(relativePath: "a.jpeg").matchKey == "path:a.jpeg")
    #expect(CaseID.isSHA256Hex(String(repeating: "0f", count: 32)))
    #expect(!CaseID.isSHA256Hex(String(repeating: "g", count: 64)))
    #expect(!CaseID.isSHA256Hex("abc"))
}
