import CellGrid
import Imaging
import ReviewCore
import Feedback
import TerminalGraphics
import Testing
import ReviewApp
import GraphicsTestSupport
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

    /// The placed sequences of an encoded film, as the terminal would get them.
    private func placed(_ film: EncodedFilm) -> [PlacedSequence] {
        TerminalImageStream.placed(Array((film.pieces.joined() + film.placement).utf8))
    }

    @Test("kitty: transmitted (a=t, compressed PNG) then placed right of the worklist over the block film's cells, SSIM >= 0.97")
    func kittyPlacement() throws {
        let film = ChestPhantom.render(width: 512, height: 512, seed: 5, pneumonia: true)
        let state = reviewing(film)
        let scene = try #require(FilmScene(state))
        #expect(scene.cells.x > state.layout.worklist.right - 1 && scene.cells.right <= state.layout.film.right)
        #expect(scene.cells.y >= state.layout.film.y && scene.cells.bottom <= state.layout.film.bottom)
        #expect(scene.rows == scene.cells.height && scene.overlay == nil)
        let encoded = scene.encoded(film, graphics: .kitty, cell: CellPixelSize(width: 8, height: 16), kittyID: 5, tmuxPassthrough: false)
        let (keys, bytes) = try KittyDecoder.payload(KittyDecoder.commands(encoded.pieces.joined()))
        #expect(keys["i"] == "5" && keys["a"] == "t" && keys["f"] == "100" && keys["q"] == "2")
        let placement = try #require(placed(encoded).first)
        #expect(placement.row == scene.cells.y + 1 && placement.column == scene.cells.x + 1)
        let place = try KittyDecoder.commands(placement.body)[0].keys
        #expect(place == ["a": "p", "i": "5", "p": "1", "q": "2", "c": "\(scene.cells.width)", "r": "\(scene.cells.height)", "C": "1"])
        let png = try PNGDecoder.decodeGrey(bytes)
        #expect(png.width == scene.cells.width * 8 && png.height == scene.cells.height * 16)
        #expect(bytes.count < png.bytes.count)  // compressed
        let ssim = meanSSIM(png.bytes.map(Float.init), film.resized(width: png.width, height: png.height).pixels,
                            width: png.width, height: png.height)
        #expect(ssim >= 0.97, "SSIM \(ssim)")
    }

    @Test("sixel: strips of whole bands and cells, placed one under another; invert and zoom applied before encoding")
    func sixelView() throws {
        let film = ChestPhantom.render(width: 512, height: 512, seed: 6, pneumonia: false)
        var state = reviewing(film)
        _ = state.update(.key(.character("i"), at: Self.t))
        let scene = try #require(FilmScene(state))
        let encoded = scene.encoded(film, graphics: .sixel, cell: .fallback, kittyID: 1, tmuxPassthrough: false)
        #expect(encoded.placement.isEmpty && encoded.pieces.count > 3)
        let strips = placed(encoded)
        #expect(strips.count == encoded.pieces.count)
        #expect(zip(strips, strips.dropFirst()).allSatisfy { $1.row == $0.row + 3 })  // 60 pixels = 3 cells of 20
        let image = try #require(try TerminalImageStream.sixelImages(strips, cellHeight: 20).first)
        #expect(image.row == scene.cells.y + 1 && image.column == scene.cells.x + 1)
        #expect(image.width == scene.cells.width * 10 && image.height == scene.cells.height * 20)
        let reference = film.resized(width: image.width, height: image.height).pixels.map { 255 - $0 }
        #expect(meanSSIM(TerminalImageStream.greys(image.rgb), reference, width: image.width, height: image.height) >= 0.95)
        _ = state.update(.key(.character("z"), at: Self.t))
        let zoomed = try #require(FilmScene(state))
        #expect(zoomed != scene && zoomed.view.zoom == 2)
    }

    @Test("sixel strips are whole bands and whole cells", arguments: [(20, 3), (16, 3), (17, 6), (24, 2), (12, 4)])
    func stripRows(cellHeight: Int, rows: Int) {
        #expect(FilmScene.stripRows(cellHeight: cellHeight) == rows)
    }

    @Test("a new scene on j (the next film), none while it loads or with help open; the overlay makes its own scene")
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
        let explaining = try #require(FilmScene(state))
        #expect(explaining.overlay == nil)
        let mask = TintMask(width: 2, height: 1, values: [1, -1])
        _ = state.update(.explained(path: "b.jpeg", overlay: LIMEOverlay(mask: mask, samples: 10)))
        let explained = try #require(FilmScene(state))
        #expect(explained.overlay == mask && explained != explaining)
        // The legend is drawn under the pane: the image keeps every row of the block film.
        #expect(explained.imageCells == explained.cells)
    }

    @Test("the LIME overlay is blended into the image with the block overlay's tints: kitty RGB PNG and sixel greys + tints")
    func overlayBlended() throws {
        let film = ChestPhantom.render(width: 400, height: 400, seed: 8, pneumonia: true)
        var state = reviewing(film, modelID: "m")
        _ = state.update(.key(.character("o"), at: Self.t))
        // Left half toward pneumonia, right half against.
        let mask = TintMask(width: 2, height: 1, values: [1, -1])
        _ = state.update(.explained(path: "a.jpeg", overlay: LIMEOverlay(mask: mask, samples: 10)))
        let scene = try #require(FilmScene(state))
        let cell = CellPixelSize(width: 8, height: 16)
        let grey = scene.raster(of: film, cell: cell)
        func expected(_ g: UInt8, _ sign: Int8) -> [Float] {
            let c = ExplanationColors.blend(grey: Float(g), sign: sign, strength: 1)
            return [c.r, c.g, c.b]
        }

        let kitty = scene.encoded(film, graphics: .kitty, cell: cell, kittyID: 2, tmuxPassthrough: false)
        let png = try PNGDecoder.decode(KittyDecoder.payload(KittyDecoder.commands(kitty.pieces.joined())).bytes)
        #expect(png.channels == 3 && png.width == grey.width && png.height == grey.height)
        for (x, tint) in [(grey.width / 4, Int8(1)), (grey.width * 3 / 4, Int8(-1))] {
            let y = grey.height / 2, i = 3 * (y * grey.width + x)
            let want = expected(grey[x, y], tint)
            for c in 0..<3 { #expect(abs(Float(png.bytes[i + c]) - want[c]) <= 1) }
        }

        let sixel = scene.encoded(film, graphics: .sixel, cell: cell, kittyID: 2, tmuxPassthrough: false)
        let image = try #require(try TerminalImageStream.sixelImages(placed(sixel), cellHeight: 16).first)
        #expect(image.width == grey.width && image.height == grey.height && !image.rgb.contains(-1))
        for (x, tint) in [(grey.width / 4, Int8(1)), (grey.width * 3 / 4, Int8(-1))] {
            let y = grey.height / 2, i = 3 * (y * grey.width + x)
            let want = expected(grey[x, y], tint)
            // Tint registers: 25 grey steps and whole percents.
            for c in 0..<3 { #expect(abs(Float(image.rgb[i + c]) - want[c]) <= 6, "channel \(c): \(image.rgb[i + c]) vs \(want[c])") }
        }
    }
}
