import CellGrid
import Testing
@testable import ReviewCore

/// A reviewed, scored study with a flat film loaded, as snapshots see it.
private func scenario(width: Int, height: Int) -> AppState {
    var state = makeState(count: 30, model: "cnn-demo", width: width, height: height)
    _ = state.start()
    state.settle(scores: (0..<30).map { Double(($0 * 37) % 100) / 100 })
    // The agree is on disk, the disagree still pending (…).
    let sent = verdictEffects(state.press(.character("a"), .character("x")))
    _ = state.update(.verdictSaved(sent[0]))
    _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
    return state
}

@Test("the review screen at 80x24 matches its snapshot")
func snapshot80x24() throws {
    try expectSnapshot(scenario(width: 80, height: 24).view(), named: "review-80x24")
}

@Test("the review screen at 160x50 matches its snapshot")
func snapshot160x50() throws {
    try expectSnapshot(scenario(width: 160, height: 50).view(), named: "review-160x50")
}

@Test("the help overlay at 80x24 and 160x50 matches its snapshots")
func helpSnapshots() throws {
    var small = scenario(width: 80, height: 24)
    small.press(.character("?"))
    try expectSnapshot(small.view(), named: "help-80x24")
    var large = scenario(width: 160, height: 50)
    large.press(.character("?"))
    try expectSnapshot(large.view(), named: "help-160x50")
}

@Test("the help lists every binding's keys and summary and the medical-device notice, at 80x24, over its pages")
func helpListsEveryBinding() {
    var state = makeState(width: 80, height: 24)
    state.press(.character("?"))
    #expect(state.mode == .help)
    var text = state.view().debugText
    let pages = HelpOverlay.pageCount(in: state.helpArea)
    for _ in 1..<pages {
        state.press(.character("j"))
        #expect(state.mode == .help)
        text += state.view().debugText
    }
    for binding in KeyBindings.table {
        #expect(text.contains(binding.summary), "missing \(binding.summary)")
        #expect(text.contains(" " + binding.keyLabel + " "), "missing \(binding.keyLabel)")
    }
    for line in HelpOverlay.notice { #expect(text.contains(line)) }
    #expect(state.press(.character("x")).isEmpty)    // any other key closes, and does nothing else
    #expect(state.mode == .browsing && state.cursor == 0)
}

@Test("no key is bound twice, and the README table has a row per binding")
func bindingTableIsConsistent() {
    let keys = KeyBindings.table.flatMap(\.keys)
    #expect(Set(keys).count == keys.count)
    let markdown = KeyBindings.markdownTable
    #expect(markdown.split(separator: "\n").count == KeyBindings.table.count + 2)
    #expect(markdown.contains("| `a` | agree, go to next unreviewed |"))
    #expect(markdown.contains("| `j` `↓` | next film |"))
}

@Test("a terminal below 40x10 shows a one-line notice; a zero-size one draws nothing")
func tinyTerminal() {
    let grid = AppState.view(makeState(), width: 30, height: 5)
    #expect(grid.debugText.contains("need 40x10, have 30x5"))
    #expect(AppState.view(makeState(), width: 0, height: 0).cells.isEmpty)
}

@Test("monochrome screens use attributes only, never colours")
func monochromeTheme() {
    var state = makeState(count: 4, model: "m", colorMode: .monochrome)
    state.settle(scores: [0.9, 0.1, 0.5, 0.2])
    state.press(.character("a"), .character("x"))
    _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 20, height: 20)))
    let grid = state.view()
    #expect(grid.cells.allSatisfy { $0.foreground == .default && $0.background == .default })
}

@Test("the gauge shows probability, threshold, label and the bar with the threshold mark")
func gauge() {
    var state = makeState(count: 2, model: "m")
    state.settle(scores: [0.75, 0.25])
    let grid = state.view()
    let gauge = state.layout.gauge
    let top = (gauge.x..<gauge.right).map { grid[$0, gauge.y].symbol }.joined()
    let bar = (gauge.x..<gauge.right).map { grid[$0, gauge.y + 1].symbol }.joined()
    #expect(top.hasPrefix(" P(pneumonia) 0.75 ≥ threshold 0.50 → PNEUMONIA"))
    let width = gauge.width - 2
    #expect(bar.filter { $0 == "█" }.count == Int((0.75 * Double(width)).rounded()) - 1)
    #expect(Array(bar)[1 + Int((0.5 * Double(width)).rounded())] == "┃")
}

@Test("the worklist shows marks, probabilities and labels; pending writes show …")
func worklistRows() {
    var state = makeState(count: 3, model: "m")
    state.settle(scores: [0.93, 0.07, 0.5])
    let sent = verdictEffects(state.press(.character("a")))[0]
    var grid = state.view()
    let row = { (y: Int) in (0..<state.layout.worklist.width).map { grid[$0, y].symbol }.joined() }
    #expect(row(2).hasPrefix("… film00.jpeg"))
    #expect(row(2).hasSuffix("0.93 PNEU"))
    #expect(row(3).hasSuffix("0.07 NORM"))
    _ = state.update(.verdictSaved(sent))
    grid = state.view()
    #expect(row(2).hasPrefix("✓ film00.jpeg"))
}
