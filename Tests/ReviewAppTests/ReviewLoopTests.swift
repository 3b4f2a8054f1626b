import Foundation
import ReviewApp
import ReviewCore
import Feedback
import Storage
import TestSupport
import Testing

/// The review loop driven end to end through a scripted screen: keys in, frames and log
/// records out, with the real effect runner, film decoding and feedback log.
@Suite("review loop on a scripted screen", .serialized)
struct ReviewLoopTests {
    /// Runs a review of a fresh 3-film study playing `script`; returns the screen and the log's records.
    private func review(_ script: [FakeScreen.Step]) throws -> (screen: FakeScreen, records: [FeedbackRecord], loop: ReviewLoop) {
        let study = try StudyFixture.make(count: 3, size: 96)
        defer { try? FileManager.default.removeItem(atPath: study) }
        let scan = try StudyScanner.scan(root: study)
        let screen = FakeScreen(width: 100, height: 30, script: script)
        let classifier = MeanGreyClassifier()
        let state = AppState(studyName: "study", paths: scan.cases.map(\.relativePath), reviewer: "tester",
                             modelID: classifier.modelID, threshold: classifier.threshold)
        let inbox = Inbox(wake: screen.wake)
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: classifier, hashes: HashCache())
        let log = study + "/feedback.csv"
        runner.openStore(FeedbackLogStore(path: log))
        runner.hashAll(scan.cases)
        let loop = ReviewLoop(state: state, screen: screen, inbox: inbox, runner: runner)
        loop.run()
        return (screen, try FeedbackLog.read(path: log).records, loop)
    }

    @Test("a agrees with the model on the first film, j moves on, q quits: one verdict on disk, counted")
    func agreeMoveQuit() throws {
        let (screen, records, loop) = try review([
            .waitFor("film00000"), .waitFor("all 3 scored"),
            .key(.character("a")), .waitFor("reviewed 1/3"),
            .key(.character("j")), .key(.character("q")),
        ])
        #expect(screen.timedOut == nil, "never saw \(screen.timedOut ?? ""):\n\(screen.lastText)")
        #expect(records.count == 1)
        #expect(records.first?.caseID.relativePath == "film00000.jpeg")
        #expect(records.first?.verdict == .agree)
        #expect(records.first?.reviewer == "tester")
        #expect(loop.savedThisSession == 1)
    }

    @Test("the first frame is drawn at the screen's size, and a resize redraws at the new size")
    func resize() throws {
        let (screen, _, _) = try review([
            .waitFor("film00000"), .resize(width: 60, height: 20), .waitFor("film00000"), .key(.character("q")),
        ])
        #expect(screen.timedOut == nil)
        #expect(screen.frames.first?.width == 100 && screen.frames.first?.height == 30)
        #expect(screen.frames.last?.width == 60 && screen.frames.last?.height == 20)
    }

    @Test("a hang-up (the script ends) leaves the loop with the verdicts given so far on disk")
    func hangUp() throws {
        let (_, records, _) = try review([.waitFor("all 3 scored"), .key(.character("x")), .waitFor("reviewed 1/3")])
        #expect(records.map(\.verdict) == [.disagree])
    }
}
