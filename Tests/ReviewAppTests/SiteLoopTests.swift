import Workflows
import Feedback
import Classifier
import Foundation
import ReviewApp
import ReviewCore
import Storage
import TestSupport
import Testing

/// The site loop driven through the real loop, effect runner, bundled model and study folder:
/// the offer after 20 + 20 labels, the adaptation and its figures, the switch, the reopened
/// review using the kept model, and going back to the model as given.
@Suite("the site loop in the review", .serialized)
struct SiteLoopTests {
    /// Opens the study as `lightbox review` does (same `SiteModelKeeper.open`) on a scripted
    /// screen and plays `script`; returns the screen and the feedback log's records.
    private func review(_ study: String, _ script: [FakeScreen.Step]) throws -> (screen: FakeScreen, records: [FeedbackRecord]) {
        let scan = try StudyScanner.scan(root: study)
        let screen = FakeScreen(width: 120, height: 30, script: script, patience: 60)
        let opening = SiteModelKeeper.open(given: try ModelLoader.load(nil), studyRoot: scan.absoluteRoot)
        let classifier = opening.model.map { PneumoniaFilmClassifier($0) }
        var state = AppState(studyName: "study", paths: scan.cases.map(\.relativePath), reviewer: "tester",
                             modelID: classifier?.modelID, threshold: classifier?.threshold ?? 0.5)
        state.siteModel = opening.siteModel
        state.baseFacts = opening.facts
        let inbox = Inbox(wake: screen.wake)
        let runner = EffectRunner(cases: scan.cases, inbox: inbox, classifier: classifier, hashes: HashCache(),
                                  keeper: opening.keeper)
        let log = FeedbackLog.primaryPath(studyRoot: scan.absoluteRoot)
        runner.openStore(FeedbackLogStore(path: log))
        runner.hashAll(scan.cases)
        ReviewLoop(state: state, screen: screen, inbox: inbox, runner: runner).run()
        return (screen, try FeedbackLog.read(path: log).records)
    }

    /// A study of 44 phantom films and a log with 40 verdicts of a reviewer who labels each film
    /// as its phantom was drawn (odd films with consolidation: 20 of each class). The bundled
    /// model calls nearly every phantom PNEUMONIA; a head refitted on its features tells them
    /// apart, which `adapt`'s never-worse gate accepts.
    private func labelledStudy() throws -> String {
        let study = try StudyFixture.make(count: 44, size: 96)
        let model = try ModelLoader.load(nil)
        let scan = try StudyScanner.scan(root: study)
        let size = model.preprocessing.inputSize
        let cases = Array(scan.cases.prefix(40))
        let images = try cases.map { try FilmCodec.decode(try ImageFile.readBytes(path: $0.absolutePath), fittingAtLeast: (size, size)).image }
        let p = model.probabilities(images: images)
        try FileManager.default.createDirectory(atPath: study + "/.lightbox", withIntermediateDirectories: true)
        let log = try FeedbackLog.open(path: FeedbackLog.primaryPath(studyRoot: scan.absoluteRoot))
        for (i, studyCase) in cases.enumerated() {
            let label: ClassLabel = i % 2 == 1 ? .pneumonia : .normal
            let predicted = model.predictedLabel(p[i])
            let id = CaseID(relativePath: studyCase.relativePath, sha256: try SHA256.hexDigestOfFile(path: studyCase.absolutePath))
            try log.append(FeedbackRecord(timestamp: UTCTimestamp(millisecondsSinceEpoch: 1_767_323_045_000 + Int64(i)),
                                          reviewer: "tester", caseID: id, modelID: model.id, probability: p[i],
                                          threshold: model.threshold, predictedLabel: predicted,
                                          verdict: label == predicted ? .agree : .disagree, reviewerLabel: label))
        }
        return study
    }

    @Test("offer after 20+20 labels, M adapts and shows the figures, y switches; reopening uses the kept model; R goes back, and reopening keeps that")
    func offerAdaptSwitchReopenRevert() throws {
        let study = try labelledStudy()
        defer { try? FileManager.default.removeItem(atPath: study) }
        let baseID = try ModelLoader.load(nil).id

        let first = try review(study, [
            .waitFor("not adapted here"), .waitFor("M adapt with 20+20 labels"),
            .key(.character("M")), .waitFor("y switches to the adapted model"),
            .key(.character("y")), .waitFor("model: adapted to this study from 40 labels"),
            .key(.character("j")), .key(.character("q")),
        ])
        #expect(first.screen.timedOut == nil, "never saw \(first.screen.timedOut ?? ""):\n\(first.screen.lastText)")
        let figures = first.screen.frames.map(FakeScreen.text).first { $0.contains("adapted with your labels") } ?? ""
        #expect(figures.contains("20 NORMAL + 20 PNEUMONIA") && figures.contains("as given  ") && figures.contains("adapted   "))
        let store = StudyModelStore(studyRoot: study)
        let kept = try #require(try store.active())
        let keptModel = try PneumoniaModel(safetensors: kept.bytes)
        #expect(keptModel.id.hasPrefix("lightbox-pneumonia-cnn-") && keptModel.id.contains("-labels40-"))
        #expect(kept.fileName == keptModel.id + ".safetensors")

        let second = try review(study, [
            .waitFor("model: adapted to this study from 40 labels"),
            .key(.character("R")), .waitFor("back to \(baseID)"), .key(.character("q")),
        ])
        #expect(second.screen.timedOut == nil, "never saw \(second.screen.timedOut ?? ""):\n\(second.screen.lastText)")
        #expect(FakeScreen.text(second.screen.frames.first { FakeScreen.text($0).contains("adapted: 40 labels") || FakeScreen.text($0).contains("from 40 labels") }!)
            .contains(keptModel.id.prefix(20)))
        #expect(try store.active() == nil)
        // The adapted model's file stays in the study folder (nothing recorded is lost).
        #expect(FileManager.default.fileExists(atPath: store.path(of: keptModel.id)))

        let third = try review(study, [.waitFor("not adapted here"), .key(.character("q"))])
        #expect(third.screen.timedOut == nil, "never saw \(third.screen.timedOut ?? ""):\n\(third.screen.lastText)")
    }

    @Test("A then y in the review and `adapt --unlabelled` on the same study give the same model id")
    func oneIDScheme() throws {
        let study = try StudyFixture.make(count: 10, size: 96)
        let out = NSTemporaryDirectory() + "lbx-bn-\(UUID().uuidString.prefix(8)).safetensors"
        defer { for path in [study, out] { try? FileManager.default.removeItem(atPath: path) } }
        let first = try review(study, [.waitFor("all 10 scored"), .key(.character("A")), .key(.character("y")),
                                       .waitFor("model: adapted to this study without labels"), .key(.character("q"))])
        #expect(first.screen.timedOut == nil, "never saw \(first.screen.timedOut ?? ""):\n\(first.screen.lastText)")
        let kept = try PneumoniaModel(safetensors: try #require(try StudyModelStore(studyRoot: study).active()).bytes)
        let adapter = SiteAdapter(out: out, labelled: nil, unlabelled: study, feedback: nil, study: nil,
                                  site: (study as NSString).lastPathComponent, folds: 5, seed: 1, fineTune: nil, mix: nil,
                                  fineTuneEpochs: 1, fineTuneLr: 1e-3, json: false)
        try adapter.run(model: try ModelLoader.load(nil))
        let command = try PneumoniaModel(safetensors: try ImageFile.readBytes(path: out))
        #expect(kept.id == command.id)
        #expect(kept.id.contains("-bn10-"))
    }

    @Test("a symbolic link for the study's models folder is refused, and the review uses the given model")
    func refusesLinks() throws {
        let study = try StudyFixture.make(count: 2, size: 64)
        let elsewhere = try StudyFixture.make(count: 1, size: 64)
        defer { for folder in [study, elsewhere] { try? FileManager.default.removeItem(atPath: folder) } }
        try FileManager.default.createDirectory(atPath: study + "/.lightbox", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: study + "/.lightbox/models", withDestinationPath: elsewhere)
        let store = StudyModelStore(studyRoot: study)
        #expect(throws: FileWriteError.self) { try store.save([1, 2, 3], id: "m") }
        #expect(throws: ImageLoadError.self) { _ = try store.active() }
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/m.safetensors"))
        let opening = SiteModelKeeper.open(given: try ModelLoader.load(nil), studyRoot: study)
        #expect(opening.siteModel == nil && opening.problem?.contains("symbolic link") == true)
    }
}
