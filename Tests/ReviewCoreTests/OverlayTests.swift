import CellGrid
import Testing
@testable import ReviewCore

/// A 2x2 mask: the top half toward PNEUMONIA, the bottom-left against.
private let overlay = LIMEOverlay(mask: TintMask(width: 2, height: 2, values: [1, 1, -1, 0]), samples: 1000)

/// A scored study with the first film loaded, as the overlay tests start from.
private func loaded(count: Int = 4, model: String? = "m") -> AppState {
    var state = makeState(count: count, model: model, width: 80, height: 24)
    _ = state.start()
    state.settle(scores: Array(repeating: 0.7, count: count))
    _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 100, height: 100)))
    return state
}

@Suite("LIME overlay")
struct OverlayTests {
    @Test("o on a film without an explanation asks for it and the next film's; a second o hides it with no effect")
    func toggle() {
        var state = loaded()
        let first = state.cases[state.order[0]].id, second = state.cases[state.order[1]].id
        #expect(state.press(.character("o")) == [.explain(first), .prefetchExplanation(second)])
        #expect(state.overlayOn)
        #expect(state.view().debugText.contains("LIME: explaining…"))
        #expect(state.press(.character("o")).isEmpty)
        #expect(!state.overlayOn)
        #expect(!state.view().debugText.contains("LIME: explaining"))
        // Shown again: already asked for, so nothing new is asked.
        #expect(state.press(.character("o")).isEmpty)
    }

    @Test("progress shows in the legend line, and the finished overlay tints the film and shows the legend")
    func arrival() {
        var state = loaded()
        state.press(.character("o"))
        let path = state.film!.path
        _ = state.update(.explainProgress(path: path, done: 320, total: 1000))
        #expect(state.view().debugText.contains("LIME: explaining… 320/1000"))
        let before = state.view()
        _ = state.update(.explained(path: path, overlay: overlay))
        let grid = state.view()
        let text = grid.debugText
        // Under the film, in place of the probability bar: three strengths of each tint.
        #expect(text.contains(" for ■■■ against ■■■ (LIME, 1000 samples)"))
        #expect(grid.debugText.split(separator: "\n")[state.layout.gauge.bottom - 1].contains("■■■"))
        let film = state.layout.film
        let changed = (film.y..<film.bottom).flatMap { y in (film.x..<film.right).map { (x: $0, y: y) } }
            .filter { grid[$0.x, $0.y] != before[$0.x, $0.y] }
        #expect(!changed.isEmpty)
        // The top half of the film is warm (mask +1): red above green and blue.
        func isWarm(_ color: TerminalColor) -> Bool {
            guard case .palette(let i) = color, (16..<232).contains(Int(i)) else { return false }
            let (r, g, b) = XtermLevels.cubeRGB(Int(i))
            return r > g && r > b
        }
        let top = changed.filter { $0.y < film.y + film.height / 2 - 1 }
        #expect(!top.isEmpty && top.allSatisfy { isWarm(grid[$0.x, $0.y].background) })
        // A late progress report does not undo the finished overlay.
        _ = state.update(.explainProgress(path: path, done: 1000, total: 1000))
        #expect(state.view() == grid)
        // Hidden again: the film is as before.
        state.press(.character("o"))
        #expect(state.view()[film.x + film.width / 2, film.y + 1] == before[film.x + film.width / 2, film.y + 1])
    }

    @Test("moving with the overlay on asks for the new film (promoting a prefetch) and the one after")
    func moving() {
        var state = loaded(count: 4)
        let ids = state.order.map { state.cases[$0].id }
        state.press(.character("o"))
        let effects = state.press(.character("j"))
        #expect(effects.contains(.explain(ids[1])))
        #expect(effects.contains(.prefetchExplanation(ids[2])))
        #expect(!effects.contains(.explain(ids[0])))
    }

    @Test("a film whose explanation is cached is shown at once and not asked for again")
    func cached() {
        var state = loaded(count: 3)
        let ids = state.order.map { state.cases[$0].id }
        state.press(.character("o"))
        _ = state.update(.explained(path: ids[0].relativePath, overlay: overlay))
        _ = state.update(.explained(path: ids[1].relativePath, overlay: overlay))
        let forward = state.press(.character("j"))
        #expect(!forward.contains { if case .explain = $0 { true } else { false } })
        #expect(forward.contains(.prefetchExplanation(ids[2])))
        let back = state.press(.character("k"))
        #expect(!back.contains { if case .explain = $0 { true } else { false } })
        #expect(state.currentExplanation == .ready(overlay))
    }

    @Test("a failed explanation says why in the legend and is not asked for again")
    func failed() {
        var state = loaded()
        state.press(.character("o"))
        let path = state.film!.path
        _ = state.update(.explainFailed(path: path, reason: "no such file"))
        #expect(state.view().debugText.contains("LIME failed: no such file"))
        state.press(.character("o"))
        #expect(state.press(.character("o")).isEmpty)
    }

    @Test("without a model o says there is nothing to explain and asks for nothing")
    func noModel() {
        var state = loaded(model: nil)
        #expect(state.press(.character("o")).isEmpty)
        #expect(!state.overlayOn)
        #expect(state.message == "no model: nothing to explain")
    }

    @Test("in monochrome o says once that the overlay needs colour, explains nothing, and the film keeps its shades")
    func monochrome() {
        var state = makeState(count: 2, model: "m", colorMode: .monochrome)
        _ = state.start()
        _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 100, height: 100)))
        let before = state.view()
        #expect(state.press(.character("o")).isEmpty)
        #expect(!state.overlayOn)
        #expect(state.message?.hasPrefix("the LIME overlay needs colour") == true)
        let grid = state.view()
        #expect(!grid.debugText.contains("LIME overlay on"))
        let film = state.layout.film
        #expect(grid[film.x + film.width / 2, film.y + 1] == before[film.x + film.width / 2, film.y + 1])
    }

    @Test("on a narrow film pane the legend is shortened, not cut")
    func narrowLegend() {
        var state = loaded()
        state.press(.character("o"))
        _ = state.update(.explained(path: state.film!.path, overlay: overlay))
        _ = state.update(.resized(width: 64, height: 20))
        let text = state.view().debugText
        #expect(text.contains(" for ■■■ against ■■■"))
        #expect(!text.contains("samples)…") && !text.contains("for pneumonia"))
    }
}
