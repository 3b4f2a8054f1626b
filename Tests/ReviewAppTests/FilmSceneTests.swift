import CellGrid
import Imaging
import ReviewCore
import TerminalGraphics
import Testing
import ReviewApp
import TestSupport

@Suite("film as a terminal image in review")
struct FilmSceneTests {
    private static let t = UTCTimestamp(millisecondsSinceEpoch: 1_767_323_045_000)

    /// A 120x40 review of two films with the first one decoded.
    private func reviewing(_ film: GrayImage, modelID: String? = nil) -> AppState {
        var state = AppState(studyName: "s", paths: ["a.jpeg", "b.jpeg"], reviewer: "r", modelID: modelID,
                             threshold: 0.5, colorMode: .truecolor, width: 120, height: 40)
        _ = state.start()
        _ = state.update(.imageLoaded(path: "a.jpeg", image: film))
        return state
    }

    /// The escape sequence between the cursor save + move and the cursor restore.
    private func body(_ text: String, at cells: Rect) throws -> String {
        let prefix = "\u{1B}7\u{1B}[\(cells.y + 1);\(cells.x + 1)H"
        #expect(text.hasPrefix(prefix) && text.hasSuffix("\u{1B}8"))
        return String(text.dropFirst(prefix.count).dropLast(2))
    }

    @Test("kitty: the film is placed right of the worklist over the block film's cells, at cells x cell pixels, SSIM >= 0.97")
    func kittyPlacement() throws {
        let film = ChestPhantom.render(width: 512, height: 512, seed: 5, pneumonia: true)
        let state = reviewing(film)
        let scene = try #require(FilmScene(state))
        #expect(scene.cells.x > state.layout.worklist.right - 1 && scene.cells.right <= state.layout.film.right)
        #expect(scene.cells.y >= state.layout.film.y && scene.cells.bottom <= state.layout.film.bottom)
        let text = scene.text(of: film, graphics: .kitty, cell: CellPixelSize(width: 8, height: 16), kittyID: 5, tmuxPassthrough: false)
        let (keys, bytes) = try KittyDecoder.payload(KittyDecoder.commands(body(text, at: scene.cells)))
        #expect(keys["i"] == "5" && keys["p"] == "1" && keys["C"] == "1" && keys["a"] == "T")
        #expect(keys["c"] == "\(scene.cells.width)" && keys["r"] == "\(scene.cells.height)")
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(png.width == scene.cells.width * 8 && png.height == scene.cells.height * 16)
        let ssim = meanSSIM(png.bytes.map(Float.init), film.resized(width: png.width, height: png.height).pixels,
                            width: png.width, height: png.height)
        #expect(ssim >= 0.97, "SSIM \(ssim)")
    }

    @Test("sixel: invert and zoom are applied before encoding")
    func sixelView() throws {
        let film = ChestPhantom.render(width: 512, height: 512, seed: 6, pneumonia: false)
        var state = reviewing(film)
        _ = state.update(.key(.character("i"), at: Self.t))
        let scene = try #require(FilmScene(state))
        let image = try SixelDecoder.decode(body(scene.text(of: film, graphics: .sixel, cell: .fallback, kittyID: 1, tmuxPassthrough: false), at: scene.cells))
        let reference = film.resized(width: image.width, height: image.height).pixels.map { 255 - $0 }
        #expect(meanSSIM(image.pixels.map(Float.init), reference, width: image.width, height: image.height) >= 0.95)
        _ = state.update(.key(.character("z"), at: Self.t))
        let zoomed = try #require(FilmScene(state))
        #expect(zoomed != scene && zoomed.view.zoom == 2)
    }

    @Test("a new scene on j (the next film), none while it loads, with help open or the LIME overlay on")
    func sceneChanges() throws {
        let film = ChestPhantom.render(width: 256, height: 256, seed: 7, pneumonia: false)
        var state = reviewing(film, modelID: "m")
        let first = try #require(FilmScene(state))
        _ = state.update(.key(.character("?"), at: Self.t))
        #expect(FilmScene(state) == nil)
        _ = state.update(.key(.character("?"), at: Self.t))
        #expect(FilmScene(state) == first)
        _ = state.update(.key(.character("j"), at: Self.t))
        #expect(FilmScene(state) == nil)  // loading b.jpeg
        _ = state.update(.imageLoaded(path: "b.jpeg", image: film))
        #expect(FilmScene(state)?.path == "b.jpeg")
        _ = state.update(.key(.character("o"), at: Self.t))
        #expect(state.overlayOn)
        #expect(FilmScene(state) == nil)
    }
}
