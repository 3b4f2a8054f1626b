import CellGrid
import Testing
@testable import ReviewCore

/// Every widget of the review screen, drawn from a state into a given area of a grid.
enum Widget: String, CaseIterable, Sendable {
    case statusLine, worklist, filmPane, overlayLegend, probabilityGauge, messageLine, hintLine, helpOverlay

    func draw(_ s: AppState, in r: Rect, into g: inout CellGrid) {
        let theme = Theme(colorMode: s.colorMode)
        switch self {
        case .statusLine: StatusLine.render(s.statusLineInput, in: r, into: &g, theme: theme)
        case .worklist: Worklist.render(s.worklistInput(rows: r.height - 1), in: r, into: &g, theme: theme)
        case .filmPane: FilmPane.render(s.filmPaneInput, in: r, into: &g, theme: theme)
        case .overlayLegend: OverlayLegend.render(s.filmPaneInput.legend!, in: r, into: &g, theme: theme)
        case .probabilityGauge: ProbabilityGauge.render(s.gaugeInput, in: r, into: &g, theme: theme)
        case .messageLine: MessageLine.render(s.messageLineInput, in: r, into: &g, theme: theme)
        case .hintLine: HintLine.render(s.hintLineInput, in: r, into: &g, theme: theme)
        case .helpOverlay: HelpOverlay.render(in: r, page: 0, into: &g, theme: theme)
        }
    }
}

/// One busy state: scored films, verdicts (one saved, one pending), a zoomed film with the
/// LIME overlay ready, a notice.
private func busyState() -> AppState {
    var state = makeState(count: 12, model: "cnn-demo", width: 80, height: 24)
    _ = state.start()
    state.settle(scores: (0..<12).map { Double(($0 * 37) % 100) / 100 })
    let sent = verdictEffects(state.press(.character("a"), .character("x")))
    _ = state.update(.verdictSaved(sent[0]))
    _ = state.update(.imageLoaded(path: state.film!.path, image: flatFilm(width: 200, height: 100)))
    state.press(.character("z"), .character("o"))
    let path = state.film!.path
    _ = state.update(.explained(path: path, overlay: LIMEOverlay(mask: TintMask(width: 2, height: 2, values: [1, 1, -1, 0]),
                                                                  samples: 1000)))
    return state
}

/// Draws `widget` from the busy state into each of `areas` of a grid of `#` and returns
/// every cell outside the area that is no longer `#`, as "(x,y) in area".
private func writesOutside(_ widget: Widget, areas: [Rect]) -> [String] {
    let state = busyState()
    var outside: [String] = []
    for area in areas {
        var grid = CellGrid(width: 30, height: 12, filledWith: Cell("#"))
        widget.draw(state, in: area, into: &grid)
        for y in 0..<grid.height {
            for x in 0..<grid.width where !area.contains(Position(x: x, y: y)) && grid[x, y] != Cell("#") {
                outside.append("(\(x),\(y)) in \(area)")
            }
        }
    }
    return outside
}

@Test("every widget drawn into a zero-size area (0x0, 0xN, Nx0, also off the grid) writes nothing", arguments: Widget.allCases)
func zeroSizeAreaDrawsNothing(_ widget: Widget) {
    // A zero-size area contains no cell, so every cell counts as outside it.
    #expect(writesOutside(widget, areas: [Rect(x: 0, y: 0, width: 0, height: 0), Rect(x: 4, y: 3, width: 0, height: 6),
                                          Rect(x: 4, y: 3, width: 17, height: 0), Rect(x: 29, y: 11, width: 0, height: 0),
                                          Rect(x: 40, y: 20, width: 0, height: 5)]) == [])
}

@Test("every widget drawn into a small area (also one partly off the grid) writes only inside it", arguments: Widget.allCases)
func smallAreaStaysInside(_ widget: Widget) {
    #expect(writesOutside(widget, areas: [Rect(x: 3, y: 2, width: 1, height: 1), Rect(x: 3, y: 2, width: 1, height: 5),
                                          Rect(x: 3, y: 2, width: 9, height: 1), Rect(x: 3, y: 2, width: 9, height: 4),
                                          Rect(x: 25, y: 9, width: 10, height: 6)]) == [])
}
