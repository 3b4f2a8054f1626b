import Testing
@testable import ReviewCore

@Test("A asks for the study adaptation once; the adapted model rescores every film and later verdicts carry its id")
func studyAdaptation() throws {
    var state = makeState(count: 10, model: "cnn-1")
    _ = state.start()
    state.settle(scores: (0..<10).map { Double($0) / 10 })
    #expect(state.press(.character("A")) == [.adaptModelToStudy])
    #expect(state.adaptation == .running)
    #expect(state.press(.character("A")).isEmpty)
    #expect(state.message == "already adapting the model to this study")
    let effects = state.update(.studyAdapted(modelID: "cnn-1-study-bn10-abc123", films: 10))
    #expect(state.modelID == "cnn-1-study-bn10-abc123")
    #expect(state.adaptation == .adapted(films: 10, baseModelID: "cnn-1"))
    #expect(state.cases.allSatisfy { $0.probability == nil } && state.scoredCount == 0)
    guard case .classify(let ids)? = effects.first else {
        Issue.record("expected a classify effect, got \(effects)")
        return
    }
    #expect(ids.count == AppState.classifyBatch)
    #expect(StatusLine.text(state.statusLineInput, width: 200).contains("model cnn-1-study-bn10-abc123 (adapted to this study, 10 films)"))
    // At 80 columns, even with the longest sort name, the adaptation stays on the line.
    while state.sort != .informative { state.press(.character("s")) }
    let narrow = StatusLine.text(state.statusLineInput, width: 79)
    #expect(narrow.contains("by informative, all") && narrow.hasSuffix("adapted: 10 films"))
    var scores: [String: Double] = [:]
    for c in state.cases { scores[c.id.relativePath] = 0.8 }
    _ = state.update(.predicted(scores))
    let records = verdictEffects(state.press(.character("a")))
    #expect(records.map(\.modelID) == ["cnn-1-study-bn10-abc123"])
    #expect(state.press(.character("A")).isEmpty)
    #expect(state.message == "the model is already adapted to this study (10 films)")
}

@Test("--adapt-study asks for the adaptation when the review opens; too small a study or no model refuses")
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
        state.press(.character("A"))
        _ = state.update(.studyAdapted(modelID: "lightbox-pneumonia-cnn-0706dc8e-study-bn30-1a2b3c", films: 30))
        _ = state.update(.predicted(Dictionary(uniqueKeysWithValues: state.cases.enumerated().map {
            ($1.id.relativePath, Double(($0 * 31) % 100) / 100) })))
        _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
        try expectSnapshot(state.view(), named: "adapted-\(width)x\(height)")
    }
}
