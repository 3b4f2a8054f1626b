import Testing
@testable import ReviewCore

/// The label-free adaptation of "cnn-1" to a study of `films` films, as the runner reports it.
func labelFreeModel(films: Int, id: String = "cnn-1-demo-bn10-abc12345", base: String = "cnn-1") -> SiteModel {
    SiteModel(modelID: id, baseModelID: base, threshold: 0.5, method: .labelFree(films: films), date: "2026-12-06")
}

@Test("A asks first; y starts the study adaptation once; the adapted model rescores every film and later verdicts carry its id")
func studyAdaptation() throws {
    var state = makeState(count: 10, model: "cnn-1")
    _ = state.start()
    state.settle(scores: (0..<10).map { Double($0) / 10 })
    #expect(state.press(.character("A")) == [])
    #expect(state.adaptation == .confirmingLabelFree)
    #expect(state.press(.character("j")) == [])          // any other key cancels, and does nothing else
    #expect(state.adaptation == .none && state.cursor == 0)
    #expect(state.message == "not adapted; the model is unchanged")
    #expect(state.press(.character("A")) == [])
    #expect(state.press(.character("y")) == [.adaptModelToStudy])
    #expect(state.adaptation == .running(labelFree: true, progress: "batch-norm statistics"))
    #expect(state.press(.character("A")).isEmpty)
    #expect(state.message == "already adapting the model to this study")
    let effects = state.update(.studyAdapted(labelFreeModel(films: 10, id: "cnn-1-study-bn10-abc123")))
    #expect(state.modelID == "cnn-1-study-bn10-abc123")
    #expect(state.siteModel == labelFreeModel(films: 10, id: "cnn-1-study-bn10-abc123"))
    #expect(state.adaptation == .none)
    #expect(state.cases.allSatisfy { $0.probability == nil } && state.scoredCount == 0)
    guard case .classify(let ids)? = effects.first else {
        Issue.record("expected a classify effect, got \(effects)")
        return
    }
    #expect(ids.count == AppState.classifyBatch)
    #expect(StatusLine.text(state.statusLineInput, width: 200).contains("model cnn-1-study-bn10-abc123 (adapted to this study without labels (10 films), 2026-12-06)"))
    // At 80 columns, even with the longest sort name, the adaptation stays on the line.
    while state.sort != .informative { state.press(.character("s")) }
    let narrow = StatusLine.text(state.statusLineInput, width: 79)
    #expect(narrow.contains("by informative, all") && narrow.hasSuffix("adapted: no labels"))
    var scores: [String: Double] = [:]
    for c in state.cases { scores[c.id.relativePath] = 0.8 }
    _ = state.update(.predicted(scores))
    let records = verdictEffects(state.press(.character("a")))
    #expect(records.map(\.modelID) == ["cnn-1-study-bn10-abc123"])
    #expect(state.press(.character("A")).isEmpty)
    #expect(state.message == "the model is already adapted to this study without labels (10 films), 2026-12-06; R goes back to the model as given")
}

@Test("--adapt-study starts the adaptation when the review opens, without asking; too small a study or no model refuses")
func adaptationOnStart() {
    var state = makeState(count: 10, model: "cnn-1")
    state.adaptOnStart = true
    let effects = state.start()
    #expect(effects.contains(.adaptModelToStudy))
    #expect(!effects.contains { if case .classify = $0 { true } else { false } })   // scores wait for the adapted model
    var small = makeState(count: 3, model: "cnn-1")
    #expect(small.press(.character("A")).isEmpty)
    #expect(small.message == "adapting needs at least 8 films; this study has 3")
    var none = makeState(count: 10)
    #expect(none.press(.character("A")).isEmpty)
    let after = state.update(.studyAdaptationFailed("disk on fire"))
    #expect(after.contains { if case .classify = $0 { true } else { false } })      // the unadapted model scores
    #expect(state.adaptation == .failed("disk on fire"))
    #expect(state.message == "could not adapt the model to this study: disk on fire")
}

@Test("the adapted status line at 80x24 and 160x50 matches its snapshots")
func adaptedSnapshots() throws {
    for (width, height) in [(80, 24), (160, 50)] {
        var state = makeState(count: 30, model: "lightbox-pneumonia-cnn-0706dc8e", width: width, height: height)
        _ = state.start()
        state.settle(scores: (0..<30).map { Double(($0 * 37) % 100) / 100 })
        state.press(.character("A"), .character("y"))
        _ = state.update(.studyAdapted(labelFreeModel(films: 30, id: "lightbox-pneumonia-cnn-demo-bn30-1a2b3c4d",
                                                      base: "lightbox-pneumonia-cnn-0706dc8e")))
        _ = state.update(.predicted(Dictionary(uniqueKeysWithValues: state.cases.enumerated().map {
            ($1.id.relativePath, Double(($0 * 31) % 100) / 100) })))
        _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
        try expectSnapshot(state.view(), named: "adapted-\(width)x\(height)")
    }
}
