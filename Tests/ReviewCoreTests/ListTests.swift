import Testing
@testable import ReviewCore

@Test("s cycles file name, probability high to low, most uncertain, most informative, unreviewed first")
func sortCycle() {
    var state = makeState(count: 4, model: "m")
    state.settle(scores: [0.95, 0.2, 0.45, 0.1])
    #expect(state.listedPaths == ["a/film00.jpeg", "b/film01.jpeg", "a/film02.jpeg", "b/film03.jpeg"])
    state.press(.character("s"))
    #expect(state.sort == .probability)
    #expect(state.listedPaths == ["a/film00.jpeg", "a/film02.jpeg", "b/film01.jpeg", "b/film03.jpeg"])
    #expect(state.selectedCase?.id.relativePath == "a/film00.jpeg")   // selection kept
    state.press(.character("s"))
    #expect(state.listedPaths == ["a/film02.jpeg", "b/film01.jpeg", "b/film03.jpeg", "a/film00.jpeg"])
    state.press(.character("s"))
    #expect(state.sort == .informative)
    state.press(.character("s"))
    #expect(state.sort == .unreviewedFirst)
    state.press(.character("g"), .character("a"))                       // film00 reviewed
    #expect(state.listedPaths.last == "a/film00.jpeg")
    state.press(.character("s"))
    #expect(state.sort == .name)
}

@Test("unscored films sort last by probability and by uncertainty")
func unscoredLast() {
    var state = makeState(count: 3, model: "m")
    state.settle(scores: [0.3])
    state.press(.character("s"))
    #expect(state.listedPaths.first == "a/film00.jpeg")
    state.press(.character("s"))
    #expect(state.listedPaths.first == "a/film00.jpeg")
}

@Test("f cycles all, unreviewed, disagreements, deferred")
func filterCycle() {
    var state = makeState(count: 4, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    state.press(.character("a"), .character("x"))   // 0 agree, 1 disagree
    state.press(.character("f"))
    #expect(state.filter == .unreviewed)
    #expect(state.listedPaths == ["a/film02.jpeg", "b/film03.jpeg"])
    #expect(state.message == "showing unreviewed: 2 films")
    state.press(.character("f"))
    #expect(state.listedPaths == ["b/film01.jpeg"])
    state.press(.character("f"))
    #expect(state.filter == .deferred && state.listedPaths.isEmpty)
    state.press(.character("f"))
    #expect(state.listedPaths.count == 4)
}

@Test("a verdict in the unreviewed view removes the film and selects the next unreviewed")
func verdictInUnreviewedView() {
    var state = makeState(count: 3)
    state.settle()
    state.press(.character("f"))
    state.press(.character("a"))
    #expect(state.listedPaths == ["b/film01.jpeg", "a/film02.jpeg"])
    #expect(state.selectedCase?.id.relativePath == "b/film01.jpeg")
}

@Test("/ filters by name as it is typed; Enter keeps it, Esc clears it")
func nameFilter() {
    var state = makeState(count: 12)
    state.press(.character("/"))
    state.type("B/FILM1")
    #expect(state.listedPaths == ["b/film11.jpeg"])
    state.press(.backspace)
    #expect(state.listedPaths == ["b/film01.jpeg", "b/film03.jpeg", "b/film05.jpeg", "b/film07.jpeg",
                                  "b/film09.jpeg", "b/film11.jpeg"])
    state.press(.enter)
    #expect(state.mode == .browsing)
    #expect(state.nameFilter == "B/FILM")
    state.press(.character("g"), .character("j"))
    #expect(state.selectedCase?.id.relativePath == "b/film03.jpeg")
    state.press(.character("/"), .escape)
    #expect(state.listedPaths.count == 12)
    #expect(state.selectedCase?.id.relativePath == "b/film03.jpeg")
}

@Test("an empty list moves nowhere and judges nothing")
func emptyList() {
    var state = makeState(count: 3)
    state.settle()
    state.press(.character("/"))
    state.type("zzz")
    state.press(.enter)
    #expect(state.order.isEmpty)
    #expect(state.press(.character("j"), .character("a"), .character("G")).isEmpty)
    #expect(state.film == nil)
}
