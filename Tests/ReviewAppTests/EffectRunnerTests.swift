import CellGrid
import Classifier
import Dispatch
import Foundation
import Imaging
import ReviewCore
import Workflows
import Feedback
import Storage
import Testing
import ReviewApp
import TestSupport

/// A stand-in explainer: marks the left half of the film +1 when its mean grey is above 100,
/// else -1; counts its runs and reports progress in four steps.
private final class HalfExplainer: FilmExplainer, @unchecked Sendable {
    let modelID = "half"
    let inputSize = (width: 16, height: 16)
    private let lock = NSLock()
    private var count = 0
    /// When set, the first run waits for it (so tests can queue work behind a running explanation).
    let gate: DispatchSemaphore?
    var runs: Int { lock.withLock { count } }

    init(gate: DispatchSemaphore? = nil) { self.gate = gate }

    func overlay(of film: GrayImage, progress: @escaping (Int, Int) -> Void) throws -> LIMEOverlay {
        let first = lock.withLock { count += 1; return count == 1 }
        if first { gate?.wait() }
        for done in [250, 500, 750, 1000] { progress(done, 1000) }
        let mean = film.pixels.reduce(0, +) / Float(film.pixels.count)
        let sign: Int8 = mean > 100 ? 1 : -1
        let values = (0..<16).map { $0 % 4 < 2 ? sign : 0 }
        return LIMEOverlay(mask: TintMask(width: 4, height: 4, values: values), samples: 1000)
    }
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
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: MeanGreyClassifier(), hashes: HashCache())
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
        let inbox = Inbox(wake: {})
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
        let inbox = Inbox(wake: {})
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache())
        let log = study + "/.lightbox/feedback.csv"
        runner.openStore(FeedbackLogStore(path: log))
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

    @Test("adaptModelToStudy adapts the given model's batch norm to the study, keeps it there under the command line's id scheme, and later scores use it")
    func adaptToStudy() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let model = try ModelLoader.load(nil)
        let baseID = model.id
        let inbox = Inbox(wake: {})
        let explainer = LIMEFilmExplainer(model.copy())
        let keeper = SiteModelKeeper(base: model, studyRoot: study)
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: PneumoniaFilmClassifier(model.copy()),
                                  hashes: HashCache(), explainer: explainer, keeper: keeper)
        let ids = scan.cases.map { CaseID(relativePath: $0.relativePath) }
        runner.run(.classify(ids))
        runner.run(.adaptModelToStudy)
        runner.run(.classify(ids))
        let messages = collect(inbox, count: 3)
        guard messages.count == 3, case .predicted(let before) = messages[0],
              case .studyAdapted(let site) = messages[1], case .predicted(let after) = messages[2] else {
            Issue.record("expected predicted, studyAdapted, predicted; got \(messages)")
            return
        }
        #expect(site.method == .labelFree(films: 3) && site.baseModelID == baseID)
        // NAME-SITE-bnN-FINGERPRINT, as `lightbox adapt --unlabelled` names it.
        let folder = (study as NSString).lastPathComponent
        #expect(site.modelID.hasPrefix("lightbox-pneumonia-cnn-\(PneumoniaModel.idComponent(folder))-bn3-"))
        #expect(explainer.modelID == site.modelID)
        // Kept with the study, and what a reopened review would use.
        guard case .model(let kept, let keptSite) = keeper.kept() else {
            Issue.record("the adapted model is not kept with the study")
            return
        }
        #expect(kept.id == site.modelID && keptSite == site)
        // Three synthetic films are far from the training films' statistics: the scores move.
        let moved = ids.map { abs(before[$0.relativePath]! - after[$0.relativePath]!) }.max()!
        #expect(moved > 1e-4)
    }

    @Test("explain posts progress and the overlay; asking again is answered from the cache without rerunning")
    func explain() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let inbox = Inbox(wake: {})
        let explainer = HalfExplainer()
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache(), explainer: explainer)
        let id = CaseID(relativePath: scan.cases[0].relativePath)
        runner.run(.explain(id))
        var messages: [Message] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            messages += inbox.drain()
            if messages.contains(where: { if case .explained = $0 { true } else { false } }) { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let progress = messages.compactMap { if case .explainProgress(_, let done, let total) = $0 { (done, total) } else { nil } }
        #expect(progress.last.map { $0 == (1000, 1000) } == true)
        guard case .explained(let path, let overlay) = try #require(messages.last) else {
            Issue.record("expected .explained last, got \(messages)")
            return
        }
        #expect(path == id.relativePath)
        #expect(overlay.mask.values.filter { $0 != 0 }.count == 8)
        runner.run(.explain(id))
        guard case .explained(_, let again) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected a cached .explained")
            return
        }
        #expect(again == overlay)
        #expect(explainer.runs == 1)
    }

    @Test("the current film's explanation runs before queued prefetches; a missing film fails with a reason")
    func explainOrderAndFailure() throws {
        defer { try? FileManager.default.removeItem(atPath: study) }
        let inbox = Inbox(wake: {})
        let gate = DispatchSemaphore(value: 0)
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache(),
                                  explainer: HalfExplainer(gate: gate))
        let ids = scan.cases.map { CaseID(relativePath: $0.relativePath) }
        try FileManager.default.removeItem(atPath: scan.cases[1].absolutePath)
        // Film 0 runs (held at the gate) while film 1 is prefetched and film 2 becomes the current one.
        runner.run(.prefetchExplanation(ids[0]))
        Thread.sleep(forTimeInterval: 0.05)
        runner.run(.prefetchExplanation(ids[1]))
        runner.run(.explain(ids[2]))
        gate.signal()
        var order: [String] = []
        var finished: [String] = []
        var failures: [String: String] = [:]
        let deadline = Date().addingTimeInterval(10)
        while finished.count + failures.count < 3 && Date() < deadline {
            for message in inbox.drain() {
                switch message {
                case .explained(let path, _):
                    finished.append(path)
                    order.append(path)
                case .explainFailed(let path, let reason):
                    failures[path] = reason
                    order.append(path)
                default: break
                }
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(order == [ids[0], ids[2], ids[1]].map(\.relativePath))
        #expect(Set(finished) == [ids[0].relativePath, ids[2].relativePath])
        #expect(failures == [ids[1].relativePath: "no such file"])
        let noModel = EffectRunner(cases: scan.cases, inbox: inbox, classifier: nil, hashes: HashCache())
        noModel.run(.explain(ids[0]))
        guard case .explainFailed(_, let reason) = try #require(collect(inbox, count: 1).first) else {
            Issue.record("expected .explainFailed without a model")
            return
        }
        #expect(reason == "no model")
    }
}
