import Feedback
import CellGrid
import Testing
@testable import ReviewCore

/// A study of `count` films scored alternately 0.1 and 0.9 by "cnn-1", with the given
/// model's card facts known (so the header says where the model stands).
private func labelledState(count: Int = 44, agreed: Int, width: Int = 80, height: Int = 24) -> AppState {
    var state = makeState(count: count, model: "cnn-1", width: width, height: height)
    state.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807, newSiteFilms: 319)
    _ = state.start()
    state.settle(scores: (0..<count).map { $0 % 2 == 0 ? 0.1 : 0.9 })
    for i in 0..<agreed { state.press(.character("a"), from: i) }
    return state
}

/// The report of an adaptation of "cnn-1" with 20+20 labels; `better` decides the offer.
private func report(better: Bool) -> AdaptationReport {
    AdaptationReport(modelID: "cnn-1-demo-labels40-0badcafe", normal: 20, pneumonia: 20,
                     before: .init(accuracy: 0.846, sensitivity: 1, specificity: 0.7, auc: 0.966, logLoss: 0.41),
                     after: .init(accuracy: better ? 0.9 : 0.821, sensitivity: 0.95, specificity: 0.85, auc: 0.97,
                                  logLoss: better ? 0.3 : 0.5),
                     isBetter: better, method: "Platt scaling and threshold refitted")
}

/// The message line's progress words (the offer or the adaptation under way come first).
private func progressText(_ state: AppState) -> String {
    guard case .status(_, let progress) = state.messageLineInput else { return "" }
    return MessageLine.progressText(progress)
}

private let adapted = SiteModel(modelID: "cnn-1-demo-labels40-0badcafe", baseModelID: "cnn-1", threshold: 0.42,
                                method: .labels(normal: 20, pneumonia: 20), date: "2026-12-06")

@Test("the review opens saying the model is not adapted here, its new-site specificity and the key that adapts it")
func openingNotice() {
    var state = makeState(count: 4, model: "cnn-1")
    state.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807, newSiteFilms: 319)
    _ = state.start()
    #expect(state.message == "not adapted here (new-site specificity 0.81): 20+20 labels, then M adapts it")
    #expect(StatusLine.text(state.statusLineInput, width: 200).contains("model cnn-1 (not adapted to this study)"))
    var reopened = makeState(count: 4, model: adapted.modelID)
    reopened.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807)
    reopened.siteModel = adapted
    _ = reopened.start()
    #expect(reopened.message == "model: adapted to this study from 40 labels, 2026-12-06 · R goes back to cnn-1")
    // Without card facts (tests, older callers) the header is as before.
    var plain = makeState(count: 4, model: "cnn-1")
    _ = plain.start()
    #expect(plain.message == nil)
    #expect(!StatusLine.text(plain.statusLineInput, width: 200).contains("adapted"))
}

@Test("M is offered once there are 20 labels of each class, and asks for the adaptation with exactly those labels")
func offer() {
    var state = labelledState(agreed: 39)
    #expect(state.adaptationOffer == nil)
    #expect(state.press(.character("M")) == [])
    #expect(state.message == "adapting with labels needs 20 NORMAL and 20 PNEUMONIA labels; you have 20 and 19")
    state.press(.character("a"), from: 50)
    #expect(state.labelCounts == (20, 20))
    #expect(state.adaptationOffer == "M adapts the model with your 20+20 labels")
    #expect(progressText(state).hasPrefix("M adapts the model with your 20+20 labels"))
    let films = state.labelledFilms
    #expect(films.count == 40 && films.filter { $0.label == .pneumonia }.count == 20)
    #expect(films.allSatisfy { $0.caseID.sha256 != nil })
    #expect(state.press(.character("M")) == [.adaptWithLabels(films)])
    #expect(state.adaptation == .running(labelFree: false, progress: "loading 40 films"))
    #expect(state.adaptationOffer == nil)
    #expect(state.press(.character("M")) == [])
    #expect(state.message == "already adapting the model to this study")
    // Scoring goes on with the current model meanwhile.
    #expect(!state.modelBeingReplaced)
    _ = state.update(.adaptationProgress("fine-tuning 2/6"))
    #expect(progressText(state).hasPrefix("adapting: fine-tuning 2/6"))
}

@Test("a better adaptation shows its figures and asks; y switches, rescoring with the adapted model and its threshold")
func proposeAndSwitch() {
    var state = labelledState(agreed: 40)
    state.press(.character("M"), from: 60)
    #expect(state.update(.adaptationFinished(report(better: true))) == [])
    #expect(state.adaptation == .proposing(report(better: true)))
    #expect(state.adaptationPanelInput == AdaptationPanel.Input(report: report(better: true), offersSwitch: true))
    // Other keys wait for the answer (a verdict key must not slip through); q still quits.
    #expect(state.press(.character("a"), from: 61) == [])
    #expect(state.message == "answer first: y switches to the adapted model, n keeps the current one")
    #expect(state.press(.character("y"), from: 62) == [.switchModel(to: "cnn-1-demo-labels40-0badcafe")])
    #expect(state.adaptation == .switching)
    let effects = state.update(.modelSwitched(adapted))
    #expect(state.modelID == adapted.modelID && state.threshold == 0.42 && state.siteModel == adapted)
    #expect(state.scoredCount == 0 && state.cases.allSatisfy { $0.probability == nil })
    #expect(effects.first.map { if case .classify = $0 { true } else { false } } == true)
    #expect(StatusLine.text(state.statusLineInput, width: 200)
        .contains("model cnn-1-demo-labels40-0badcafe (adapted to this study from 40 labels, 2026-12-06)"))
    // The same labels are not offered again.
    #expect(state.adaptationOffer == nil)
}

@Test("n keeps the current model; a result that is not better says so, offers nothing and any key closes it")
func declineAndNotBetter() {
    var state = labelledState(agreed: 40)
    state.press(.character("M"), from: 60)
    _ = state.update(.adaptationFinished(report(better: true)))
    #expect(state.press(.character("n"), from: 61) == [])
    #expect(state.adaptation == .none && state.modelID == "cnn-1")
    state.press(.character("M"), from: 62)
    _ = state.update(.adaptationFinished(report(better: false)))
    #expect(state.adaptation == .notBetter(report(better: false)))
    #expect(state.message == "adapted with 20+20 labels: not better by cross-validation; the model is unchanged")
    #expect(state.press(.character("y"), from: 63) == [])      // nothing to switch to
    #expect(state.adaptation == .none && state.modelID == "cnn-1")
    #expect(state.press(.character("y"), from: 64) == [])
    #expect(state.message == "y answers a question; none is asked")
}

@Test("R goes back to the model as given and rescores; with nothing adapted it says so")
func revert() {
    var state = labelledState(agreed: 40)
    #expect(state.press(.character("R"), from: 60) == [])
    #expect(state.message == "the model is the one given to the review; nothing to go back to")
    _ = state.update(.modelSwitched(adapted))
    state.settle(scores: (0..<44).map { $0 % 2 == 0 ? 0.2 : 0.8 })   // the adapted model's scores arrive
    #expect(state.press(.character("R"), from: 61) == [.revertModel])
    #expect(state.adaptation == .switching)
    let effects = state.update(.modelReverted(modelID: "cnn-1", threshold: 0.5))
    #expect(state.siteModel == nil && state.modelID == "cnn-1" && state.threshold == 0.5 && state.adaptation == .none)
    #expect(effects.first.map { if case .classify = $0 { true } else { false } } == true)
    #expect(StatusLine.text(state.statusLineInput, width: 200).contains("model cnn-1 (not adapted to this study)"))
    // A failed switch leaves the old model scoring.
    state.press(.character("M"), from: 62)
    _ = state.update(.adaptationFinished(report(better: true)))
    state.press(.character("y"), from: 63)
    _ = state.update(.adaptationFailed("disk full"))
    #expect(state.adaptation == .failed("disk full") && state.modelID == "cnn-1")
    #expect(state.notice == .error("could not adapt the model: disk full"))
}

@Test("the offer, the figures and the adapted header at 80x24 and 160x50 match their snapshots")
func siteModelSnapshots() throws {
    for (width, height) in [(80, 24), (160, 50)] {
        var state = labelledState(agreed: 40, width: width, height: height)
        state.press(.character("j"), from: 70)
        _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
        try expectSnapshot(state.view(), named: "adapt-offer-\(width)x\(height)")
        state.press(.character("M"), from: 71)
        _ = state.update(.adaptationFinished(report(better: true)))
        try expectSnapshot(state.view(), named: "adapt-figures-\(width)x\(height)")
        state.press(.character("y"), from: 72)
        _ = state.update(.modelSwitched(adapted))
        state.settle(scores: (0..<44).map { $0 % 2 == 0 ? 0.2 : 0.8 })
        _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
        try expectSnapshot(state.view(), named: "adapt-switched-\(width)x\(height)")
        var opening = makeState(count: 30, model: "lightbox-pneumonia-cnn-6dce43f3", width: width, height: height)
        opening.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807, newSiteFilms: 319)
        _ = opening.start()
        _ = opening.update(.imageLoaded(path: opening.film!.path, image: flatFilm(width: 200, height: 100)))
        try expectSnapshot(opening.view(), named: "not-adapted-open-\(width)x\(height)")
    }
}

@Test("reopening a study with a kept model says so before where the review resumed")
func reopenedNoticeSurvivesResume() {
    var state = makeState(count: 4, model: adapted.modelID)
    state.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807)
    state.siteModel = adapted
    _ = state.start()
    let first = state.cases[0].id
    let record = FeedbackRecord(timestamp: time(), reviewer: "ana", caseID: CaseID(relativePath: first.relativePath, sha256: sha(1)),
                                modelID: "cnn-1", probability: 0.2, threshold: 0.5, predictedLabel: .normal, verdict: .agree,
                                reviewerLabel: .normal)
    state.settle(records: [record])
    #expect(state.message == "model: adapted to this study from 40 labels, 2026-12-06 · R goes back to cnn-1 · "
            + "resumed at film01.jpeg, the first film without your verdict (1 of 4 reviewed)")
}

@Test("at 80 columns a long study name still leaves 'not adapted' on the status line")
func narrowNotAdapted() {
    var state = AppState(studyName: "loopui-study", paths: (0..<50).map { "film\($0).jpeg" }, reviewer: "ana",
                         modelID: "lightbox-pneumonia-cnn-6dce43f3", threshold: 0.5)
    state.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807)
    let line = StatusLine.text(state.statusLineInput, width: 79)
    #expect(line.hasSuffix("not adapted"), "\(line)")
}

@Test("a model given already adapted to another site (adapt, then --model) is called so, not 'not adapted'")
func adaptedElsewhere() {
    var state = makeState(count: 4, model: "cnn-1-ward-7-labels63-12345678")
    state.baseFacts = BaseModelFacts(newSiteSpecificity: nil, adaptedElsewhere: "adapted to site ward-7 from 63 labels, 2026-12-06")
    _ = state.start()
    #expect(state.message == "model: adapted to site ward-7 from 63 labels, 2026-12-06 (as given)")
    #expect(StatusLine.text(state.statusLineInput, width: 200)
        .contains("model cnn-1-ward-7-labels63-12345678 (adapted to site ward-7 from 63 labels, 2026-12-06)"))
    #expect(StatusLine.text(state.statusLineInput, width: 70).hasSuffix("│ adapted elsewhere"))
}

@Test("at 120 columns the long words stay and the model's name is shortened beside 'not adapted'")
func roomyNotAdapted() {
    var state = AppState(studyName: "lbx-1a2b3c4d", paths: (0..<8).map { "film\($0).jpeg" }, reviewer: "e2e",
                         modelID: "lightbox-pneumonia-cnn-6dce43f3", threshold: 0.5)
    state.baseFacts = BaseModelFacts(newSiteSpecificity: 0.807)
    let line = StatusLine.text(state.statusLineInput, width: 119)
    #expect(line.contains("case 1/8") && line.hasSuffix("6dce43f3 (not adapted)") && Cell.width(of: line) <= 119, "\(line)")
}
