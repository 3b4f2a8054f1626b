import CellGrid
import Testing
@testable import ReviewCore

@Test("c C b B i change window, level and inversion; r resets")
func windowLevel() {
    var state = makeState()
    state.press(.character("c"))
    #expect(state.filmView.windowWidth == 204)
    #expect(state.message == "window 204 level 128")
    state.press(.character("C"), .character("C"))
    #expect(state.filmView.windowWidth == 255 * 1.25)
    state.press(.character("B"))
    #expect(state.filmView.windowCenter == 135.5)
    state.press(.character("b"), .character("b"))
    #expect(state.filmView.windowCenter == 119.5)
    state.press(.character("i"))
    #expect(state.filmView.invert)
    let options = state.filmView.options(colorMode: .palette256, imageWidth: 10, imageHeight: 10)
    #expect(options.invert && options.windowCenter == 119.5)
    state.press(.character("r"))
    #expect(state.filmView.isDefault)
}

@Test("z zooms around the centre and asks for a bigger decode; pan keys move within the film")
func zoomAndPan() {
    var state = makeState()
    _ = state.start()
    let pane = state.layout.film
    let effects = state.press(.character("z"))
    #expect(effects == [.loadImage(state.cases[0].id, minWidth: pane.width * 4, minHeight: pane.height * 8)])
    #expect(state.filmView.region(imageWidth: 100, imageHeight: 200) == ImageRegion(x: 25, y: 50, width: 50, height: 100))
    state.press(.character("H"), .character("H"), .character("H"))
    #expect(state.filmView.centerX == 0.25)                  // clamped at the left edge
    state.press(.right)
    #expect(state.filmView.centerX == 0.375)
    state.press(.character("J"))
    #expect(state.filmView.centerY == 0.625)
    state.press(.character("Z"))
    #expect(state.filmView.zoom == 1)
    #expect(state.filmView.region(imageWidth: 100, imageHeight: 200) == nil)
    state.press(.character("K"))
    #expect(state.message == "zoom in (z) before panning")
    state.press(.character("z"), .character("z"), .character("z"), .character("z"))
    #expect(state.filmView.zoom == FilmView.maximumZoom)
}

@Test("moving to another film resets zoom but keeps window and level")
func zoomResetsPerFilm() {
    var state = makeState()
    _ = state.start()
    state.press(.character("z"), .character("c"), .character("j"))
    #expect(state.filmView.zoom == 1)
    #expect(state.filmView.windowWidth == 204)
}
