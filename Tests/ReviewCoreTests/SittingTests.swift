import CellGrid
import Imaging
import Testing
@testable import ReviewCore
import Feedback

// Issue 10's "300-film sitting": labels not agree/disagree, overwrites, resume, defer, notes.

/// A record of `reviewer` on film `i` of a `makeState` study, made under model `model`.
private func record(_ verdict: Verdict, film i: Int, label: ClassLabel?, predicted: ClassLabel = .pneumonia,
                    model: String = "old-model", at step: Int = 0) -> FeedbackRecord {
    let path = (i % 2 == 0 ? "a/" : "b/") + "film" + (i < 10 ? "0" : "") + "\(i).jpeg"
    return FeedbackRecord(timestamp: time(step), reviewer: "ana", caseID: CaseID(relativePath: path, sha256: sha(i + 1)),
                          modelID: model, probability: predicted == .pneumonia ? 0.8 : 0.2, threshold: 0.5,
                          predictedLabel: predicted, verdict: verdict, reviewerLabel: label)
}

/// The gauge's first row.
private func gaugeText(_ state: AppState) -> String {
    let grid = state.view()
    let gauge = state.layout.gauge
    return (gauge.x..<gauge.right).map { grid[$0, gauge.y].symbol }.joined()
}

/// The worklist row of film `i` (its position in the list), as text.
private func worklistRow(_ state: AppState, position: Int) -> String {
    let grid = state.view()
    let y = state.layout.worklist.y + 1 + position - state.scrollTop
    return (0..<state.layout.worklist.width).map { grid[$0, y].symbol }.joined()
}

/// A 30-film study with a film drawn, after `prepare`, at 80x24 and 160x50.
private func snapshots(_ name: String, scores: [Double]? = nil, records: [FeedbackRecord] = [],
                       _ prepare: (inout AppState) -> Void = { _ in }) throws {
    for (width, height) in [(80, 24), (160, 50)] {
        var state = makeState(count: 30, model: "cnn-new", width: width, height: height)
        _ = state.start()
        state.settle(scores: scores ?? (0..<30).map { Double(($0 * 37) % 100) / 100 }, records: records)
        prepare(&state)
        if let path = state.film?.path { _ = state.update(.imageLoaded(path: path, image: flatFilm(width: 200, height: 100))) }
        try expectSnapshot(state.view(), named: "\(name)-\(width)x\(height)")
    }
}

@Test("a verdict shows as the reviewer's label and agreement is judged against the model now loaded")
func labelsAfterModelChange() throws {
    // Under the old model film 1 scored PNEUMONIA and the reviewer disagreed (NORMAL); the new
    // model scores it 0.37, NORMAL: that is agreement now.
    var state = makeState(count: 4, model: "cnn-new")
    state.settle(scores: [0.9, 0.37, 0.8, 0.1], records: [
        record(.disagree, film: 1, label: .normal),
        record(.agree, film: 2, label: .pneumonia, predicted: .pneumonia),
        record(.disagree, film: 3, label: .pneumonia, predicted: .normal),
    ])
    state.press(.character("g"), .character("j"))
    #expect(gaugeText(state).contains("→ NORMAL  you: NORMAL"))
    #expect(!gaugeText(state).contains("disagree"))
    #expect(worklistRow(state, position: 1).hasPrefix("✓ film01.jpeg"))
    #expect(worklistRow(state, position: 3).hasPrefix("✗ film03.jpeg"))
    state.press(.character("f"), .character("f"))
    #expect(state.filter == .disagreements)
    #expect(state.listedPaths == ["b/film03.jpeg"])
    try snapshots("labels-after-model-change", records: [record(.disagree, film: 0, label: .normal),
                                                         record(.disagree, film: 1, label: .normal)]) { state in
        state.press(.character("j"))
    }
}

@Test("a changed verdict needs a second press and says what it replaces; the same verdict appends nothing")
func overwrite() throws {
    var state = makeState(count: 4, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1], records: [record(.disagree, film: 0, label: .normal)])
    state.press(.character("g"))
    // x again means NORMAL again: nothing is written.
    #expect(verdictEffects(state.press(.character("x"))).isEmpty)
    #expect(state.message == "film00.jpeg is already NORMAL; nothing saved")
    // a means PNEUMONIA: first press asks, second writes.
    #expect(state.press(.character("a")).isEmpty)
    #expect(state.message == "film00.jpeg is NORMAL: press a again to change it to PNEUMONIA")
    #expect(state.confirmation == Confirmation(path: "a/film00.jpeg", verdict: .agree))
    let records = verdictEffects(state.press(.character("a")))
    #expect(records.map(\.reviewerLabel) == [.pneumonia])
    #expect(state.message?.hasPrefix("film00.jpeg: was NORMAL, now PNEUMONIA — saving…") == true)
    _ = state.update(.verdictSaved(records[0]))
    #expect(state.message?.hasPrefix("film00.jpeg: was NORMAL, now PNEUMONIA — saved") == true)
    // Another key between the two presses cancels the change.
    state.press(.character("g"), .character("x"), .character("j"), .character("k"))
    #expect(verdictEffects(state.press(.character("x"))).isEmpty)
    #expect(state.standing(state.cases[0])?.reviewerLabel == .pneumonia)
    try snapshots("overwrite-prompt", records: [record(.disagree, film: 0, label: .normal)]) { state in
        state.press(.character("g"), .character("a"))
    }
}

@Test("reopening a study resumes at the first film without a verdict, once the log is read and films hashed")
func resume() throws {
    var state = makeState(count: 5, model: "m")
    _ = state.update(.logLoaded(records: [record(.agree, film: 0, label: .pneumonia), record(.agree, film: 1, label: .normal)],
                                warnings: []))
    #expect(state.cursor == 0)                   // not hashed yet: verdicts cannot be matched
    state.settle(scores: [0.9, 0.2, 0.7, 0.1, 0.5])
    #expect(state.selectedCase?.id.relativePath == "a/film02.jpeg")
    #expect(state.message == "resumed at film02.jpeg, the first film without your verdict (2 of 5 reviewed)")
    // A key pressed before the hashes arrive wins over the resume.
    var early = makeState(count: 5, model: "m")
    _ = early.update(.logLoaded(records: [record(.agree, film: 0, label: .pneumonia)], warnings: []))
    early.press(.character("G"))
    early.settle(scores: [0.9, 0.2, 0.7, 0.1, 0.5])
    #expect(early.cursor == 4)
    try snapshots("resume", records: (0..<7).map { record(.agree, film: $0, label: .pneumonia) })
}

@Test("the study says when it is complete, on opening and after the last verdict")
func complete() throws {
    var state = makeState(count: 3, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7], records: [record(.agree, film: 0, label: .pneumonia)])
    state.press(.character("a"))
    #expect(!state.isComplete)
    state.press(.character("a"))
    #expect(state.isComplete)
    #expect(state.message?.hasSuffix("study complete: all 3 films have your verdict") == true)
    var reopened = makeState(count: 3, model: "m")
    reopened.settle(scores: [0.9, 0.2, 0.7], records: (0..<3).map { record(.agree, film: $0, label: .pneumonia) })
    #expect(reopened.message == "study complete: all 3 films have your verdict (f lists disagreements)")
    try snapshots("complete", records: (0..<30).map { record(.agree, film: $0, label: $0 % 3 == 0 ? .normal : .pneumonia) })
}

@Test("2 defers a film for a second read: a verdict without a label, counted as reviewed, listed as deferred")
func deferVerdict() throws {
    var state = makeState(count: 4, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    let records = verdictEffects(state.press(.character("2")))
    #expect(records.map(\.verdict) == [.deferred])
    #expect(records[0].reviewerLabel == nil && records[0].labelForTraining == nil)
    #expect(records[0].probability == 0.9)
    #expect(state.reviewedCount == 1 && state.cursor == 1)
    state.press(.character("g"))
    #expect(gaugeText(state).contains("you: defer"))
    #expect(worklistRow(state, position: 0).hasPrefix("… film00.jpeg"))
    _ = state.update(.verdictSaved(records[0]))
    #expect(worklistRow(state, position: 0).hasPrefix("? film00.jpeg"))
    // A label replaces a deferral at once (no confirmation: it was not a label).
    #expect(verdictEffects(state.press(.character("x"))).map(\.reviewerLabel) == [.normal])
    #expect(state.message?.hasPrefix("film00.jpeg: was defer, now NORMAL") == true)
    try snapshots("defer") { state in
        state.press(.character("2"), .character("k"))
    }
}

@Test("n right after a verdict notes that film, pre-filled with its note, and the gauge shows the note")
func notesAfterVerdict() {
    var state = makeState(count: 3, model: "m", width: 160, height: 50)
    state.settle(scores: [0.9, 0.2, 0.7])
    state.press(.character("a"))                 // film 0 judged, cursor on film 1
    state.press(.character("n"))
    #expect(state.mode == .noteInput(path: "a/film00.jpeg", text: ""))
    state.type("rib")
    let sent = verdictEffects(state.press(.enter))
    #expect(sent.map(\.note) == ["rib"] && sent[0].verdict == .note)
    state.press(.character("g"), .character("n"))
    #expect(state.mode == .noteInput(path: "a/film00.jpeg", text: "rib"))
    state.press(.escape)
    #expect(gaugeText(state).contains("you: PNEUMONIA  note: rib"))
    state.press(.character("j"), .character("n"))   // film 1 unreviewed, and not just judged
    #expect(state.mode == .browsing)
}

@Test("most informative first: nearest the threshold on the logit scale, round-robin over patients, unscored last")
func informativeOrder() {
    let paths = ["p1-a.jpeg", "p1-b.jpeg", "p1-c.jpeg", "p2-a.jpeg", "p2-b.jpeg", "p3-a.jpeg", "p4-a.jpeg"]
    var state = AppState(studyName: "s", paths: paths, reviewer: "ana", modelID: "m", threshold: 0.2,
                         patients: ["p1", "p1", "p1", "p2", "p2", "p3", "p4"])
    _ = state.update(.logLoaded(records: [], warnings: []))
    // Threshold 0.2: 0.3 is nearer on the logit scale (odds ratio 1.71) than 0.1 (2.25).
    let scores = ["p1-a.jpeg": 0.2, "p1-b.jpeg": 0.21, "p1-c.jpeg": 0.3, "p2-a.jpeg": 0.1, "p2-b.jpeg": 0.9, "p3-a.jpeg": 0.99]
    _ = state.update(.predicted(scores))
    while state.sort != .informative { state.press(.character("s")) }
    #expect(state.listedPaths == ["p1-a.jpeg", "p2-a.jpeg", "p3-a.jpeg", "p1-b.jpeg", "p2-b.jpeg", "p1-c.jpeg", "p4-a.jpeg"])
    #expect(InformativeOrder.uncertainty(0.3, threshold: 0.2) < InformativeOrder.uncertainty(0.1, threshold: 0.2))
    #expect(state.cursor == 0)
}

@Test("s keeps the selected film; Esc clears a kept filter; H and L pan, h and l do not; Delete is named Delete")
func worklistKeys() {
    var state = makeState(count: 6, model: "m")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1, 0.5, 0.3])
    state.press(.character("G"), .character("s"))
    #expect(state.selectedCase?.id.relativePath == "b/film05.jpeg" && state.sort == .probability)
    state.press(.character("/"))
    state.type("b/")
    state.press(.enter, .character("f"))
    #expect(state.order.count < 6)
    state.press(.escape)
    #expect(state.nameFilter.isEmpty && state.filter == .all && state.order.count == 6)
    state.press(.character("z"), .character("L"))
    #expect(state.filmView.centerX > 0.5)
    state.press(.character("H"), .character("H"))
    #expect(state.filmView.centerX < 0.5)
    // Lower-case h and l do not pan: only Shift+H J K L and the arrows do.
    let panned = state.filmView
    state.press(.character("l"))
    #expect(state.filmView == panned && state.message == "l: no such key (? lists them)")
    #expect(Key.delete.label == "Delete")
    state.press(.delete)
    #expect(state.message == "Delete: no such key (? lists them)")
}

@Test("long file names lose their shared start so the distinguishing end stays")
func middleEllipsis() {
    let paths = ["person100_bacteria_480.jpeg", "person100_bacteria_481.jpeg"]
    let state = AppState(studyName: "s", paths: paths, reviewer: "ana", modelID: nil, threshold: 0.5, width: 80, height: 24)
    let first = worklistRow(state, position: 0), second = worklistRow(state, position: 1)
    #expect(first.contains("…") && first.contains("_480 "))
    #expect(second.contains("_481 "))
    #expect(CellGrid.fitMiddle("abcdefghij", width: 7) == "abc…hij")
    #expect(CellGrid.fitMiddle("abc", width: 7) == "abc")
}

@Test("the hint line shows o, contrast and invert when wide, and the status line always shows sort and filter")
func hintAndStatus() {
    let wide = HintLine.browsingHints(width: 158)
    for hint in ["o LIME", "c/C contrast", "i invert", "2 defer"] { #expect(wide.contains(hint)) }
    var state = makeState(count: 4, model: "a-very-long-model-identifier-0706dc8e-site-bn512")
    state.settle(scores: [0.9, 0.2, 0.7, 0.1])
    let line = StatusLine.text(state.statusLineInput, width: 79)
    #expect(Cell.width(of: line) <= 79)
    #expect(line.contains("file name") && line.contains("all"))   // sort and filter, in full or short words
    #expect(line.contains("…") && line.hasSuffix("bn512"))
}

@Test("help at 40x12 scrolls by pages with j and k and stops at the end; q closes it")
func helpScrolls() {
    var state = makeState(width: 40, height: 12)
    state.press(.character("?"))
    let pages = HelpOverlay.pageCount(in: state.helpArea)
    #expect(pages > 2)
    var seen = state.view().debugText
    for _ in 1..<pages {
        state.press(.character("j"))
        seen += state.view().debugText
    }
    #expect(state.helpPage == pages - 1 && state.mode == .help)
    // 28 more j presses stay on the last page: the help neither closes nor lets j move films.
    let selected = state.cursor
    for _ in 0..<28 { state.press(.character("j")) }
    #expect(state.mode == .help && state.helpPage == pages - 1 && state.cursor == selected)
    #expect(state.message == "end of the help: q, Esc or ? closes it")
    for binding in KeyBindings.table { #expect(seen.contains(binding.keyLabel), "missing \(binding.keyLabel)") }
    state.press(.character("k"))
    #expect(state.helpPage == pages - 2)
    state.press(.character("q"))
    #expect(state.mode == .browsing && state.helpPage == 0)
}

@Test("a non-UTF-8 terminal gets the screen in ASCII: borders, marks, gauge and film, at 80x24 and 160x50")
func asciiFallback() throws {
    for colorMode in [BlockImageColorMode.palette256, .monochrome] {
        var state = makeState(count: 30, model: "cnn", width: 80, height: 24, colorMode: colorMode)
        state.asciiOnly = true
        state.settle(scores: (0..<30).map { Double(($0 * 37) % 100) / 100 })
        state.press(.character("a"))
        let film = GrayImage(width: 64, height: 64, pixels: (0..<4096).map { Float(($0 % 64) * 4) })
        _ = state.update(.imageLoaded(path: state.film!.path, image: film))
        let grid = state.view()
        #expect(grid.cells.allSatisfy { $0.symbol.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } })
        if colorMode == .palette256 {
            // The film keeps its greys as cell backgrounds.
            let pane = state.layout.film
            #expect(Set((pane.x..<pane.right).map { grid[$0, pane.y + pane.height / 2].background }).count > 8)
        }
    }
    try snapshots("ascii") { state in
        state.asciiOnly = true
        state.press(.character("a"))
    }
}
