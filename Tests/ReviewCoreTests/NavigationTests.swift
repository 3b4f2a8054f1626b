import Testing
@testable import ReviewCore

@Test("opening asks for the first film and, with a model, the first batch of scores")
func startEffects() {
    var state = makeState(count: 10, model: "m1")
    let effects = state.start()
    let first = state.cases[0].id
    #expect(effects.first == .loadImage(first, minWidth: state.layout.film.width * 2, minHeight: state.layout.film.height * 4))
    #expect(effects.contains(.prefetchImage(state.cases[1].id, minWidth: state.layout.film.width * 2,
                                             minHeight: state.layout.film.height * 4)))
    #expect(effects.last == .classify(state.cases[0..<8].map(\.id)))
    var noModel = makeState()
    #expect(!noModel.start().contains { if case .classify = $0 { true } else { false } })
}

@Test("j k g G PgDn PgUp move the cursor within the list and load the film")
func movement() {
    var state = makeState(count: 50)
    _ = state.start()
    state.press(.character("j"), .down)
    #expect(state.cursor == 2)
    let effects = state.press(.character("k"))
    #expect(state.cursor == 1)
    #expect(effects.first == .loadImage(state.cases[1].id, minWidth: state.layout.film.width * 2,
                                        minHeight: state.layout.film.height * 4))
    state.press(.character("G"))
    #expect(state.cursor == 49)
    state.press(.character("j"))
    #expect(state.cursor == 49)
    state.press(.character("g"), .character("k"))
    #expect(state.cursor == 0)
    state.press(.pageDown)
    #expect(state.cursor == state.layout.worklistRows)
    #expect(state.scrollTop > 0 && state.cursor < state.scrollTop + state.layout.worklistRows)
    state.press(.pageUp, .end)
    #expect(state.cursor == 49)
    state.press(.home)
    #expect(state.cursor == 0 && state.scrollTop == 0)
}

@Test("a loaded film is shown only if it is still the selected one")
func staleImageIgnored() {
    var state = makeState()
    _ = state.start()
    state.press(.character("j"))
    _ = state.update(.imageLoaded(path: state.cases[0].id.relativePath, image: flatFilm(width: 4, height: 4)))
    #expect(state.film?.image == nil)
    _ = state.update(.imageLoaded(path: state.cases[1].id.relativePath, image: flatFilm(width: 4, height: 4)))
    #expect(state.film?.image?.width == 4)
}

@Test("an unbound key says so and changes nothing else")
func unboundKey() {
    var state = makeState()
    let effects = state.press(.character("%"))
    #expect(effects.isEmpty)
    #expect(state.message == "%: no such key (? lists them)")
    #expect(state.cursor == 0)
}

@Test("q asks to quit")
func quit() {
    var state = makeState()
    #expect(state.press(.character("q")) == [.quit])
}

@Test("a bigger terminal asks for a bigger decode of the same film; a smaller one does not")
func resizeReloads() {
    var state = makeState()
    _ = state.start()
    let effects = state.update(.resized(width: 160, height: 50))
    #expect(effects == [.loadImage(state.cases[0].id, minWidth: state.layout.film.width * 2,
                                   minHeight: state.layout.film.height * 4)])
    #expect(state.update(.resized(width: 100, height: 30)).isEmpty)
}
