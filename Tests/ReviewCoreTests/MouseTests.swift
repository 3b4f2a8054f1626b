import CellGrid
import Imaging
import Testing
@testable import ReviewCore

private extension AppState {
    @discardableResult
    mutating func mouse(_ kind: MouseEvent.Kind, x: Int, y: Int) -> [Effect] {
        update(.mouse(MouseEvent(kind, x: x, y: y), at: time()))
    }
}

@Suite("mouse")
struct MouseTests {
    @Test("a click on a worklist row opens that film; on the header or below the list nothing happens")
    func clickOpensRow() {
        var state = makeState(count: 6, model: "m")
        state.settle(scores: Array(repeating: 0.5, count: 6))
        let list = state.layout.worklist
        let effects = state.mouse(.press(.left), x: 3, y: list.y + 1 + 4)
        #expect(state.selectedCase?.id.relativePath == "a/film04.jpeg")
        #expect(effects.contains { if case .loadImage(let id, _, _) = $0 { id.relativePath == "a/film04.jpeg" } else { false } })
        state.mouse(.release, x: 3, y: list.y + 5)
        #expect(state.mouse(.press(.left), x: 3, y: list.y).isEmpty)            // the header
        #expect(state.mouse(.press(.left), x: 3, y: list.y + 1 + 10).isEmpty)   // no film there
        #expect(state.selectedCase?.id.relativePath == "a/film04.jpeg")
    }

    @Test("the wheel scrolls the worklist; the selection follows only when it would leave the view")
    func wheelScrolls() {
        var state = makeState(count: 40, model: "m")
        state.settle(scores: Array(repeating: 0.5, count: 40))
        let list = state.layout.worklist, rows = state.layout.worklistRows
        state.press(.character("j"), .character("j"), .character("j"), .character("j"))   // film04
        state.mouse(.wheelDown, x: 2, y: list.y + 3)
        #expect(state.scrollTop == 3 && state.cursor == 4)
        state.mouse(.wheelDown, x: 2, y: list.y + 3)
        #expect(state.scrollTop == 6 && state.cursor == 6)     // pushed along with the view
        for _ in 0..<20 { state.mouse(.wheelDown, x: 2, y: list.y + 3) }
        #expect(state.scrollTop == 40 - rows && state.cursor == 40 - rows)
        state.mouse(.wheelUp, x: 2, y: list.y + 3)
        #expect(state.scrollTop == 40 - rows - 3 && state.cursor == 40 - rows)
        // Over the film the wheel does nothing.
        let film = state.layout.film
        #expect(state.mouse(.wheelDown, x: film.x + 2, y: film.y + 2).isEmpty && state.scrollTop == 40 - rows - 3)
    }

    @Test("right-drag on the film changes window and level, left-drag pans a zoomed film, release ends it")
    func dragOnFilm() {
        var state = makeState(count: 2, model: "m")
        _ = state.start()
        state.settle(scores: [0.5, 0.5])
        _ = state.update(.imageLoaded(path: state.film!.path, image: GrayImage(width: 64, height: 64, value: 100)))
        let film = state.layout.film
        let (x, y) = (film.x + film.width / 2, film.y + film.height / 2)
        state.mouse(.press(.right), x: x, y: y)
        state.mouse(.drag(.right), x: x + film.width / 2, y: y + film.height / 4)
        #expect(state.filmView.windowWidth > 255)                   // wider window: less contrast
        #expect(state.filmView.windowCenter > 127.5 + 50)           // lower: darker
        #expect(state.message?.hasPrefix("window ") == true)
        state.mouse(.release, x: x, y: y)
        let settled = state.filmView
        state.mouse(.drag(.right), x: x - 10, y: y)                 // no button held: nothing
        #expect(state.filmView == settled)

        state.press(.character("z"))
        state.mouse(.press(.left), x: x, y: y)
        state.mouse(.drag(.left), x: x - film.width / 4, y: y)
        #expect(state.filmView.centerX > 0.5)                       // dragged left: the view moves right
        state.mouse(.release, x: x, y: y)
    }

    @Test("over the help the wheel turns pages and a click closes it")
    func mouseOverHelp() {
        var state = makeState(width: 40, height: 12)
        state.press(.character("?"))
        state.mouse(.wheelDown, x: 5, y: 5)
        #expect(state.mode == .help && state.helpPage == 1)
        state.mouse(.press(.left), x: 5, y: 5)
        #expect(state.mode == .browsing)
    }
}
