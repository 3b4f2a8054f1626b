import CellGrid
import Dispatch
import Foundation
import Imaging
import ReviewCore
import Feedback
import Storage
import Synchronization
import Testing
import ReviewApp
import TestSupport

/// A model that takes `delay` per batch and counts its batches.
private final class SlowClassifier: FilmClassifier, @unchecked Sendable {
    let modelID = "slow"
    let threshold = 0.5
    let inputSize = (width: 16, height: 16)
    let delay: TimeInterval
    let batches = Mutex(0)
    let result: Double
    init(delay: TimeInterval, result: Double = 0.5) { self.delay = delay; self.result = result }
    func probabilities(of images: [GrayImage]) throws -> [Double] {
        batches.withLock { $0 += 1 }
        Thread.sleep(forTimeInterval: delay)
        return images.map { _ in result }
    }
}

/// An explainer that takes `delay` per film and counts its runs.
private final class SlowExplainer: FilmExplainer, @unchecked Sendable {
    let modelID = "slow"
    let inputSize = (width: 16, height: 16)
    let runs = Mutex(0)
    func overlay(of film: GrayImage, progress: @escaping (Int, Int) -> Void) throws -> LIMEOverlay {
        runs.withLock { $0 += 1 }
        Thread.sleep(forTimeInterval: 0.2)
        return LIMEOverlay(mask: TintMask(width: 1, height: 1, values: [0]), samples: 1)
    }
}

@Suite("stopping background work on quit", .serialized)
struct EffectRunnerStopTests {
    @Test("stopWorkers drops thousands of queued scoring and LIME jobs and returns within a second")
    func stopDropsQueuedWork() throws {
        let study = try StudyFixture.make(count: 3, size: 64)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let scan = try StudyScanner.scan(root: study)
        let classifier = SlowClassifier(delay: 0.2)
        let explainer = SlowExplainer()
        let runner = EffectRunner(cases: scan.cases, inbox: Inbox(wake: {}), classifier: classifier, hashes: HashCache(),
                                  explainer: explainer)
        let ids = scan.cases.map { CaseID(relativePath: $0.relativePath) }
        for _ in 0..<5_000 { runner.run(.classify(ids)) }
        for id in ids { runner.run(.explain(id)) }
        Thread.sleep(forTimeInterval: 0.05)
        let start = Date()
        #expect(runner.stopWorkers(timeout: .seconds(1)))
        #expect(Date().timeIntervalSince(start) < 1)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(classifier.batches.withLock { $0 } <= 2)
        #expect(explainer.runs.withLock { $0 } <= 1)
    }

    @Test("a non-finite probability is reported as a failure, never posted as a score")
    func nonFiniteProbability() throws {
        let study = try StudyFixture.make(count: 2, size: 64)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let scan = try StudyScanner.scan(root: study)
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: SlowClassifier(delay: 0, result: .nan),
                                  hashes: HashCache())
        runner.run(.classify(scan.cases.map { CaseID(relativePath: $0.relativePath) }))
        var messages: [Message] = []
        let deadline = Date().addingTimeInterval(10)
        while messages.count < 2 && Date() < deadline {
            messages += inbox.drain()
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(messages.count == 2)
        for message in messages {
            guard case .predictionFailed(_, let reason) = message else { Issue.record("got \(message)"); continue }
            #expect(reason.contains("non-finite"))
        }
    }
}
