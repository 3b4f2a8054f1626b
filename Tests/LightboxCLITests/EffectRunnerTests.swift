import Foundation
import Imaging
import ReviewCore
import Storage
import Testing
@testable import lightbox

/// A stand-in model for the plumbing: the film's mean grey over 255.
private struct MeanGrey: FilmClassifier {
    let modelID = "mean-grey"
    let threshold = 0.5
    let inputSize = (width: 32, height: 32)
    func probabilities(of images: [GrayImage]) throws -> [Double] {
        images.map { image in Double(image.pixels.reduce(0, +)) / Double(image.pixels.count) / 255 }
    }
}

/// Waits until `inbox` has produced `count` messages (or 10 s pass).
private func collect(_ inbox: Inbox, count: Int) -> [Message] {
    var messages: [Message] = []
    let deadline = Date().addingTimeInterval(10)
    while messages.count < count && Date() < deadline {
        messages += inbox.drain()
        if messages.count < count { Thread.sleep(forTimeInterval: 0.005) }
    }
    return messages
}

@Suite("effects run in the background", .serialized)
struct EffectRunnerTests {
    let study: String
    let scan: StudyScan

    init() throws {
        study = try StudyFixture.make(count: 3, size: 128)
        scan = try StudyScanner.scan(root: study)
    }

    @Test("classify scores every film of the batch with the model and posts one message")
    func classify() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let inbox = Inbox()
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: MeanGrey(), hashes: HashCache())
        runner.run(.classify(scan.cases.map { CaseID(relativePath: $0.relativePath) }))
        let messages = collect(inbox, count: 1)
        guard case .predicted(let scores) = try #require(messages.first) else {
            Issue.record("expected .predicted, got \(messages)")
            return
        }
        #expect(Set(scores.keys) == Set(scan.cases.map(\.relativePath)))
        #expect(scores.values.allSatisfy { $0 > 0.05 && $0 < 0.95 })
    }

    @Test("loadImage decodes at least the asked size; a missing film fails with a reason")
    func loadImage() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let inbox = Inbox()
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache())
        let first = scan.cases[0]
        runner.run(.loadImage(CaseID(relativePath: first.relativePath), minWidth: 30, minHeight: 30))
        guard case .imageLoaded(let path, let image) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .imageLoaded")
            return
        }
        #expect(path == first.relativePath)
        #expect(image.width == 32 && image.height == 32)       // 1/4 of 128: smallest scale covering 30
        try FileManager.default.removeItem(atPath: scan.cases[1].absolutePath)
        runner.run(.loadImage(CaseID(relativePath: scan.cases[1].relativePath), minWidth: 30, minHeight: 30))
        guard case .imageFailed(_, let reason) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .imageFailed")
            return
        }
        #expect(reason == "no such file")
    }

    @Test("appendVerdict fills in the SHA-256, syncs the record to the log and confirms it")
    func appendVerdict() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let inbox = Inbox()
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache())
        let log = study + "/.lightbox/feedback.csv"
        runner.openLog(path: log)
        guard case .logLoaded(let records, _) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .logLoaded")
            return
        }
        #expect(records.isEmpty)
        let record = FeedbackRecord(
            timestamp: UTCTimestamp(millisecondsSinceEpoch: 0), reviewer: "ana",
            caseID: CaseID(relativePath: scan.cases[2].relativePath), modelID: "none", probability: .nan,
            threshold: 0.5, predictedLabel: nil, verdict: .disagree)
        runner.run(.appendVerdict(record))
        runner.finishWrites()
        guard case .verdictSaved(let saved) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .verdictSaved")
            return
        }
        #expect(saved.caseID.sha256 == (try SHA256.hexDigestOfFile(path: scan.cases[2].absolutePath)))
        #expect(try FeedbackLog.read(path: log).records == [saved])
    }
}
