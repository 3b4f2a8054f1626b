import Testing
@testable import ReviewCore
import Imaging

@Test("s keeps the selected film selected and in view, in every order, on a 40-film study at 80x24")
func sortKeepsSelection() {
    var state = makeState(count: 40, model: "m")
    state.settle(scores: (0..<40).map { Double(($0 * 37) % 100) / 100 })
    state.press(.character("G"))
    for _ in 0..<12 { state.press(.character("k")) }
    let selected = state.selectedCase?.id
    for _ in 0..<(SortOrder.allCases.count + 1) {
        state.press(.character("s"))
        #expect(state.selectedCase?.id == selected, "\(state.sort)")
        let rows = state.layout.worklistRows
        #expect(state.cursor >= state.scrollTop && state.cursor < state.scrollTop + rows, "\(state.sort) off screen")
        #expect(state.message?.hasPrefix("sorted by") == true)
    }
}

@Test("most informative first lists films already reviewed last")
func informativeReviewedLast() {
    var state = makeState(count: 6, model: "m")
    // film02 and film03 are nearest the threshold: the most informative.
    state.settle(scores: [0.95, 0.1, 0.5, 0.45, 0.8, 0.2])
    state.press(.character("j"), .character("j"), .character("a"))   // film02 reviewed
    while state.sort != .informative { state.press(.character("s")) }
    #expect(state.listedPaths.first == "b/film03.jpeg")
    #expect(state.listedPaths.last == "a/film02.jpeg")
}

@Test("S reverses the order, says so, keeps the selection, and S again restores it")
func reverseSort() {
    var state = makeState(count: 4, model: "m")
    state.settle(scores: [0.95, 0.2, 0.45, 0.1])
    state.press(.character("s"))                       // probability high to low
    let forward = state.listedPaths
    state.press(.character("j"))
    let selected = state.selectedCase?.id
    state.press(.character("S"))
    #expect(state.listedPaths == Array(forward.reversed()))
    #expect(state.selectedCase?.id == selected)
    #expect(state.message == "sorted by probability low to high")
    #expect(StatusLine.text(state.statusLineInput, width: 200).contains("sort: probability low to high"))
    state.press(.character("S"))
    #expect(state.listedPaths == forward)
}

@Test("a study with a deferred film is not complete: the status line does not say so until it is read")
func deferredIsNotComplete() {
    var state = makeState(count: 3, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7])
    state.press(.character("a"), .character("2"), .character("a"))
    #expect(state.reviewedCount == 3 && !state.isComplete)
    #expect(!StatusLine.text(state.statusLineInput, width: 200).contains("complete"))
    #expect(state.message?.contains("study complete") != true)
    state.press(.character("g"), .character("j"), .character("a"), .character("a"))   // deferred → agree (confirmed)
    #expect(state.isComplete)
}

@Test("Tab goes to the next film without a verdict and d to the next disagreement, wrapping; each says when there is none")
func nextUnreviewedAndDisagreement() {
    var state = makeState(count: 5, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1, 0.8])
    state.press(.character("a"), .character("x"))          // 0 agreed, 1 disagreed; cursor on 2
    state.press(.character("g"))
    state.press(.tab)
    #expect(state.cursor == 2)
    state.press(.tab, .tab)
    #expect(state.cursor == 4)
    state.press(.tab)
    #expect(state.cursor == 2)                              // wrapped past the reviewed ones
    state.press(.character("d"))
    #expect(state.cursor == 1)
    state.press(.character("d"))
    #expect(state.cursor == 1 && state.message == "no other listed film where you and the model disagree")
}

@Test("a changed window stays shown on the film, on the next film too, until r resets it")
func windowBadge() {
    var state = makeState(count: 2, model: "m")
    _ = state.start()
    state.settle(scores: [0.5, 0.5])
    let film = GrayImage(width: 64, height: 64, value: 100)
    _ = state.update(.imageLoaded(path: state.film!.path, image: film))
    #expect(!state.view().debugText.contains("(r resets)"))
    state.press(.character("c"))
    state.press(.character("j"))
    _ = state.update(.imageLoaded(path: state.film!.path, image: film))
    let pane = state.layout.film
    let bottom = (pane.x..<pane.right).map { state.view()[$0, pane.bottom - 1].symbol }.joined()
    #expect(bottom.contains("window 204 level 128 (r resets)"))
    state.press(.character("r"))
    #expect(!state.view().debugText.contains("(r resets)"))
}
