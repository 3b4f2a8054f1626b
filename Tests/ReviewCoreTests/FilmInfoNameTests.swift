import CellGrid
import Imaging
import Testing
@testable import ReviewCore
import Feedback

@Suite("Film header with a patient's name")
struct FilmInfoNameTests {
    /// A study whose first film's header names PS3.5 H.3.1's patient, drawn at `width` x 24.
    private func state(width: Int) -> AppState {
        var state = makeState(count: 3, model: "cnn-demo", width: width, height: 24)
        _ = state.start()
        state.settle(scores: [0.2, 0.7, 0.4])
        var m = FilmMetadata()
        (m.modality, m.viewPosition, m.patientID) = ("DX", "PA", "H31")
        m.patientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
        let path = state.film!.path
        _ = state.update(.described([path: m]))
        _ = state.update(.imageLoaded(path: path, image: GrayImage(width: 32, height: 32, pixels: (0..<1024).map { Float($0 % 256) })))
        return state
    }

    @Test("the name shows in the header line, P hides it, and at every width the cut leaves no half glyph or U+FFFD")
    func nameOnScreen() {
        var wide = state(width: 160)
        #expect(wide.view().debugText.contains("patient H31 Yamada^Tarou=山田^太郎=やまだ^たろう"))
        wide.press(.character("P"))
        #expect(!wide.view().debugText.contains("山田") && !wide.view().debugText.contains("Yamada"))
        for width in 60...100 {
            let grid = state(width: width).view()
            for y in 0..<grid.height {
                for x in 0..<grid.width {
                    let cell = grid[x, y]
                    #expect(!cell.symbol.contains("\u{FFFD}"))
                    if cell.isContinuation { #expect(x > 0 && grid[x - 1, y].columnWidth == 2, "orphan half at \(x),\(y) in \(width)") }
                    if cell.columnWidth == 2 { #expect(x + 1 < grid.width && grid[x + 1, y].isContinuation, "half glyph at \(x),\(y) in \(width)") }
                }
            }
        }
    }
}
