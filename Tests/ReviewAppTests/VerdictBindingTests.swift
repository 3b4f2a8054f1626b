import Foundation
import Imaging
import ReviewCore
import Feedback
import Storage
import Testing
import ReviewApp
import TestSupport

private func verdict(_ path: String, sha: String? = nil) -> FeedbackRecord {
    FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: 0), reviewer: "ana",
                   caseID: CaseID(relativePath: path, sha256: sha), modelID: "none", probability: .nan,
                   threshold: 0.5, predictedLabel: nil, verdict: .agree)
}

@Suite("verdicts bound to the bytes seen", .serialized)
struct VerdictBindingTests {
    @Test("a film replaced (same size), truncated or deleted after it was shown gets no verdict, with the reason; an unchanged one does")
    func changedFilmsRefused() throws {
        let study = try StudyFixture.make(count: 4, size: 64)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let scan = try StudyScanner.scan(root: study)
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache())
        runner.openStore(FeedbackLogStore(path: study + "/.lightbox/feedback.csv"))
        _ = collect(inbox, count: 1)
        for c in scan.cases {
            runner.run(.loadImage(CaseID(relativePath: c.relativePath), minWidth: 16, minHeight: 16))
            _ = collect(inbox, count: 1)
        }
        let original = try Data(contentsOf: URL(fileURLWithPath: scan.cases[0].absolutePath))
        var replaced = original
        replaced[replaced.count - 3] ^= 0xFF  // same size, other bytes
        try replaced.write(to: URL(fileURLWithPath: scan.cases[0].absolutePath))
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: scan.cases[1].absolutePath))
        try FileManager.default.removeItem(atPath: scan.cases[2].absolutePath)
        var reasons: [String: String] = [:]
        var saved: [String: FeedbackRecord] = [:]
        for c in scan.cases {
            runner.run(.appendVerdict(verdict(c.relativePath)))
            runner.finishWrites()
            switch collect(inbox, count: 1).first {
            case .verdictFailed(let r, let reason)?: reasons[r.caseID.relativePath] = reason
            case .verdictSaved(let r)?: saved[r.caseID.relativePath] = r
            default: Issue.record("no answer for \(c.relativePath)")
            }
        }
        #expect(reasons[scan.cases[0].relativePath]?.contains("changed on disk since it was shown") == true)
        #expect(reasons[scan.cases[1].relativePath]?.contains("changed on disk since it was shown") == true)
        #expect(reasons[scan.cases[2].relativePath]?.contains("can no longer be read") == true)
        let kept = scan.cases[3]
        #expect(saved.keys.sorted() == [kept.relativePath])
        #expect(saved[kept.relativePath]?.caseID.sha256 == (try SHA256.hexDigestOfFile(path: kept.absolutePath)))
        // A verdict carrying the opening-time hash of a film replaced since is refused too.
        runner.run(.appendVerdict(verdict(kept.relativePath, sha: String(repeating: "0", count: 64))))
        runner.finishWrites()
        guard case .verdictFailed(_, let reason)? = collect(inbox, count: 1).first else { Issue.record("stale hash accepted"); return }
        #expect(reason.contains("since it was opened"))
    }
}
