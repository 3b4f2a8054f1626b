import CellGrid
import Imaging
import Testing

@Suite("BlockImage tint")
struct BlockImageTintTests {
    /// A 4x2-cell flat grey film (8x8 half-block pixels) with the left half of the mask +1 and
    /// the bottom-right quarter -1.
    func tintedGrid(_ mode: BlockImageColorMode, grey: Float = 128) -> (CellGrid, Rect) {
        var grid = CellGrid(width: 4, height: 2)
        let options = BlockImageOptions(colorMode: mode, glyphs: .halfBlocks)
        let drawn = BlockImage.render(GrayImage(width: 8, height: 8, value: grey), in: grid.area, into: &grid, options: options)
        var values = [Int8](repeating: 0, count: 16)
        for y in 0..<4 {
            for x in 0..<4 where x < 2 { values[y * 4 + x] = 1 }
        }
        for y in 2..<4 {
            for x in 2..<4 { values[y * 4 + x] = -1 }
        }
        let mask = TintMask(width: 4, height: 4, values: values)
        BlockImage.tint(&grid, drawn: drawn, mask: mask, visible: ImageRegion(x: 0, y: 0, width: 1, height: 1), colorMode: mode)
        return (grid, drawn)
    }

    @Test("in 256 colours, +1 cells turn warm, -1 cells cool, unmarked cells keep their grey")
    func palette() {
        let (grid, drawn) = tintedGrid(.palette256)
        #expect(drawn == Rect(x: 0, y: 0, width: 4, height: 2))
        let grey = grid[2, 0].background
        #expect(grid[2, 0].foreground == grey && grey == .palette(GreyPalette.nearest(128).index))
        /// RGB and luminance of a cube entry.
        func rgb(_ color: TerminalColor) -> (r: Int, g: Int, b: Int, y: Float)? {
            guard case .palette(let i) = color, (16..<232).contains(Int(i)) else { return nil }
            let (r, g, b) = XtermLevels.cubeRGB(Int(i))
            return (r, g, b, ExplanationColors.luminance(Float(r), Float(g), Float(b)))
        }
        // Warm on the left, cool at the bottom right, each about as bright as grey 128.
        for x in 0..<2 {
            for y in 0..<2 {
                let c = rgb(grid[x, y].background)
                #expect(c != nil && c!.r > c!.g && c!.r > c!.b && abs(c!.y - 128) < 16, "\(String(describing: c))")
            }
        }
        let cool = rgb(grid[2, 1].background)
        #expect(cool != nil && cool!.b > cool!.r && abs(cool!.y - 128) < 16 && grid[3, 1].foreground == grid[2, 1].background)
        #expect(grid[3, 0].background == grey)
        #expect(grid[0, 0].symbol == "\u{2580}")   // the glyph stays
    }

    @Test("in truecolor the tint is the luminance-keeping blend; in monochrome nothing changes")
    func truecolorAndMonochrome() {
        let (grid, _) = tintedGrid(.truecolor, grey: 100)
        func expected(_ sign: Int8) -> TerminalColor {
            let c = ExplanationColors.blend(grey: 100, sign: sign, strength: 1)
            return .rgb(UInt8(c.r.rounded()), UInt8(c.g.rounded()), UInt8(c.b.rounded()))
        }
        #expect(grid[0, 0].background == expected(1))
        #expect(grid[3, 1].background == expected(-1))
        #expect(grid[3, 0].background == .rgb(100, 100, 100))
        var plain = CellGrid(width: 4, height: 2)
        let options = BlockImageOptions(colorMode: .monochrome)
        BlockImage.render(GrayImage(width: 8, height: 8, value: 128), in: plain.area, into: &plain, options: options)
        let (mono, _) = tintedGrid(.monochrome)
        #expect(mono == plain)
    }

    @Test("the visible region maps the mask under zoom: the right half shown puts -1 in the lower right")
    func zoomed() {
        var grid = CellGrid(width: 4, height: 2)
        let drawn = Rect(x: 0, y: 0, width: 4, height: 2)
        let mask = TintMask(width: 2, height: 2, values: [1, 0, 0, -1])
        // Only the right half of the image: x in 0.5...1.
        BlockImage.tint(&grid, drawn: drawn, mask: mask, visible: ImageRegion(x: 0.5, y: 0, width: 0.5, height: 1),
                        colorMode: .truecolor)
        #expect(grid[0, 0] == .blank && grid[3, 0] == .blank)
        #expect(grid[0, 1].background != .default && grid[3, 1].background != .default)
    }

    @Test("a cell is tinted only when at least half of its sub-pixels are marked")
    func majority() {
        // Mask 2x8 over one cell (its 2x4 sub-pixels at twice the resolution): 3 of 8 marked.
        let three = TintMask(width: 2, height: 4, values: [1, 1, 1, 0, 0, 0, 0, 0])
        let four = TintMask(width: 2, height: 4, values: [1, 1, 1, 1, 0, 0, 0, 0])
        for (mask, tinted) in [(three, false), (four, true)] {
            var grid = CellGrid(width: 1, height: 1)
            grid[0, 0] = Cell("\u{2580}", foreground: .rgb(50, 50, 50), background: .rgb(50, 50, 50))
            BlockImage.tint(&grid, drawn: grid.area, mask: mask, visible: ImageRegion(x: 0, y: 0, width: 1, height: 1),
                            colorMode: .truecolor)
            #expect((grid[0, 0].background != .rgb(50, 50, 50)) == tinted)
        }
    }

    @Test("a mask whose values do not match its size is empty and tints nothing")
    func badMask() {
        #expect(TintMask(width: 3, height: 3, values: [1]).values.isEmpty)
        #expect(BlockImage.nearestCubeIndex(r: 255, g: 60, b: 0) == 202)
        #expect(BlockImage.nearestCubeIndex(r: 0, g: 120, b: 255) == 33)
    }
}
