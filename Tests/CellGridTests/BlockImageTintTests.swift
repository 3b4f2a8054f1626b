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
        // Grey 128 blended 55 % with (255, 60, 0) is (198, 91, 58): cube (215, 95, 95) = 167.
        for x in 0..<2 {
            for y in 0..<2 { #expect(grid[x, y].background == .palette(167)) }
        }
        // Grey 128 blended with (0, 120, 255) is (58, 124, 198): cube (95, 135, 215) = 68.
        #expect(grid[2, 1].background == .palette(68) && grid[3, 1].foreground == .palette(68))
        #expect(grid[3, 0].background == grey)
        #expect(grid[0, 0].symbol == "\u{2580}")   // the glyph stays
    }

    @Test("in truecolor the tint is the RGB blend; in monochrome nothing changes")
    func truecolorAndMonochrome() {
        let (grid, _) = tintedGrid(.truecolor, grey: 100)
        #expect(grid[0, 0].background == .rgb(185, 78, 45))    // 100 * 0.45 + (255, 60, 0) * 0.55
        #expect(grid[3, 1].background == .rgb(45, 111, 185))
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
