import Numerics
import Testing
import Imaging
import CellGrid

@Suite("BlockImage")
struct BlockImageTests {
    /// The grey of an `.rgb` grey colour.
    func grey(_ color: TerminalColor) -> Int? {
        if case .rgb(let r, _, _) = color { return Int(r) }
        return nil
    }

    /// A `width x height` image whose rows brighten from 0 at the top to 255 at the bottom.
    func verticalRamp(width: Int, height: Int) -> GrayImage {
        var image = GrayImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { image[x, y] = Float(y) / Float(height - 1) * 255 }
        }
        return image
    }

    @Test("a vertical ramp gives greys that increase down the rows")
    func verticalRampIncreases() {
        var grid = CellGrid(width: 8, height: 8)
        let options = BlockImageOptions(colorMode: .truecolor, glyphs: .halfBlocks)
        let drawn = BlockImage.render(verticalRamp(width: 4, height: 16), in: grid.area, into: &grid, options: options)
        #expect(drawn == Rect(x: 2, y: 0, width: 4, height: 8))
        var previous = -1
        for y in 0..<8 {
            let cell = grid[3, y]
            #expect(cell.symbol == "\u{2580}")
            let top = grey(cell.foreground)!, bottom = grey(cell.background)!
            #expect(top > previous)
            #expect(bottom > top)
            previous = bottom
        }
    }

    @Test("a two-pixel-tall image puts the top pixel in the foreground and the bottom in the background")
    func twoPixelImage() {
        var grid = CellGrid(width: 1, height: 1)
        let image = GrayImage(width: 1, height: 2, pixels: [40, 200])
        for glyphs in [BlockImageGlyphs.halfBlocks, .blocks] {
            BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .truecolor, glyphs: glyphs))
            #expect(grid[0, 0] == Cell("\u{2580}", foreground: .rgb(40, 40, 40), background: .rgb(200, 200, 200)))
        }
    }

    @Test("a square image in a wide rect is centred and twice as many columns as rows")
    func aspectKept() {
        var grid = CellGrid(width: 40, height: 10)
        let drawn = BlockImage.render(GrayImage(width: 50, height: 50, value: 99), in: grid.area, into: &grid)
        #expect(drawn == Rect(x: 10, y: 0, width: 20, height: 10))
        #expect(grid[9, 5] == .blank)
        #expect(grid[30, 5] == .blank)
        #expect(grid[10, 5].background != .default)
        #expect(grid[29, 5].background != .default)
    }

    @Test("a zero-size rect or an empty image draws nothing")
    func zeroSizeDrawsNothing() {
        var grid = CellGrid(width: 4, height: 4)
        let image = GrayImage(width: 8, height: 8, value: 200)
        #expect(BlockImage.render(image, in: Rect(x: 1, y: 1, width: 0, height: 3), into: &grid).isEmpty)
        #expect(BlockImage.render(GrayImage(width: 0, height: 5), in: grid.area, into: &grid).isEmpty)
        var empty = CellGrid(width: 0, height: 0)
        #expect(BlockImage.render(image, in: Rect(x: 0, y: 0, width: 5, height: 5), into: &empty).isEmpty)
        #expect(grid == CellGrid(width: 4, height: 4))
    }

    @Test("palette mode snaps each grey to the nearest of the 30 palette greys")
    func paletteNearest() {
        #expect(GreyPalette.entries.count == 30)
        #expect(GreyPalette.nearest(0).index == 16)
        #expect(GreyPalette.nearest(4).index == 16)
        #expect(GreyPalette.nearest(5).index == 232)
        #expect(GreyPalette.nearest(96).index == 59)   // 95 beats 98
        #expect(GreyPalette.nearest(133).index == 102) // 135 beats 138
        #expect(GreyPalette.nearest(131).index == 244) // 128 beats 135
        #expect(GreyPalette.nearest(250).index == 231) // 255 beats 238
        #expect(GreyPalette.nearest(300).index == 231)
        for v in stride(from: Float(0), through: 255, by: 0.5) {
            let chosen = GreyPalette.nearest(v).level
            #expect(GreyPalette.entries.allSatisfy { abs($0.level - v) >= abs(chosen - v) })
        }
        var grid = CellGrid(width: 1, height: 1)
        BlockImage.render(GrayImage(width: 1, height: 2, pixels: [96, 250]), in: grid.area, into: &grid)
        #expect(grid[0, 0] == Cell("\u{2580}", foreground: .palette(59), background: .palette(231)))
    }

    @Test("monochrome mode draws shade characters by brightness without colours")
    func monochromeShades() {
        var grid = CellGrid(width: 5, height: 1)
        let image = GrayImage(width: 5, height: 2, pixels: [0, 64, 128, 191, 255, 0, 64, 128, 191, 255])
        BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .monochrome))
        #expect((0..<5).map { grid[$0, 0].symbol } == [" ", "░", "▒", "▓", "█"])
        #expect(grid.cells.allSatisfy { $0.style == .plain })
    }

    @Test("window, invert and source region change what is drawn")
    func windowInvertRegion() {
        var options = BlockImageOptions(colorMode: .truecolor, windowCenter: 100, windowWidth: 50)
        #expect(options.displayGrey(75) == 0)
        #expect(options.displayGrey(125) == 255)
        #expect(options.displayGrey(100) == 127.5)
        options.invert = true
        #expect(options.displayGrey(75) == 255)
        // Left half dark, right half bright: showing only the right half gives a bright cell.
        let image = GrayImage(width: 4, height: 2, pixels: [0, 0, 255, 255, 0, 0, 255, 255])
        var grid = CellGrid(width: 1, height: 1)
        let region = BlockImageOptions(colorMode: .truecolor, sourceRegion: ImageRegion(x: 2, y: 0, width: 2, height: 2))
        BlockImage.render(image, in: grid.area, into: &grid, options: region)
        #expect(grey(grid[0, 0].foreground) == 255 && grey(grid[0, 0].background) == 255)
    }

    @Test("NaN and out-of-range pixels draw as clamped greys instead of crashing")
    func badPixelsClamp() {
        let image = GrayImage(width: 1, height: 2, pixels: [.nan, 1e9])
        var grid = CellGrid(width: 1, height: 1)
        for mode in [BlockImageColorMode.truecolor, .palette256, .monochrome] {
            BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: mode))
        }
        BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .truecolor))
        #expect(grid[0, 0] == Cell("\u{2580}", foreground: .rgb(0, 0, 0), background: .rgb(255, 255, 255)))
    }

    @Test("block glyphs fit a left-right split that half blocks cannot")
    func blockGlyphsFitVerticalEdge() {
        let image = GrayImage(width: 2, height: 4, pixels: [10, 240, 10, 240, 10, 240, 10, 240])
        var grid = CellGrid(width: 1, height: 1)
        BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .truecolor))
        #expect(grid[0, 0] == Cell("\u{258C}", foreground: .rgb(10, 10, 10), background: .rgb(240, 240, 240)))
    }

    @Test("eighth blocks draw an edge that falls inside a sub-pixel")
    func eighthBlockEdge() {
        // Bottom eighth bright: sub-pixel row 3 averages dark and bright, which ▁ reproduces.
        var pixels = [Float](repeating: 0, count: 16)
        pixels[14] = 255; pixels[15] = 255
        var grid = CellGrid(width: 1, height: 1)
        let image = GrayImage(width: 2, height: 8, pixels: pixels)
        BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .truecolor))
        #expect(grid[0, 0] == Cell("\u{2581}", foreground: .rgb(255, 255, 255), background: .rgb(0, 0, 0)))
        BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(colorMode: .truecolor, glyphs: .blocks))
        #expect(grid[0, 0].symbol != "\u{2581}")
    }

    @Test("fitting more glyphs never reproduces a cell worse than half blocks alone")
    func fittingNeverWorse() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var block = SIMD8<Float>()
            for i in 0..<8 { block[i] = Float(rng.next() % 256) }
            for palette in [false, true] {
                let half = BlockFit.best(block, partitions: [.upperHalf], palette: palette).error
                let blocks = BlockFit.best(block, partitions: BlockPartition.blocks, palette: palette).error
                let all = BlockFit.best(block, partitions: BlockPartition.blocks + BlockPartition.eighths, palette: palette).error
                #expect(blocks <= half + 1e-2)
                #expect(all <= blocks + 1e-2)
            }
        }
    }

    @Test("the cells are the same fitted on one thread or several (bands of rows split the work)")
    func workersDoNotChangeCells() {
        var image = GrayImage(width: 400, height: 300)
        for i in image.pixels.indices { image.pixels[i] = Float((i * 31 + i / 400 * 7) % 256) }
        var grids: [CellGrid] = []
        for workers in [1, 4] {
            var grid = CellGrid(width: 160, height: 50)
            let drawn = BlockImage.render(image, in: grid.area, into: &grid, options: BlockImageOptions(workers: workers))
            #expect(drawn.width * drawn.height >= 6_000)   // several bands of 1,500 cells
            grids.append(grid)
        }
        #expect(grids[0] == grids[1])
    }

    @Test("a zoomed source region keeps its own aspect ratio")
    func zoomRegionAspect() {
        // A 10x20 (w x h) region is twice as tall as wide: in 40x10 cells that is 10 columns by 10 rows.
        let options = BlockImageOptions(sourceRegion: ImageRegion(x: 30, y: 30, width: 10, height: 20))
        let fitted = BlockImage.layout(imageWidth: 100, imageHeight: 100, in: Rect(x: 0, y: 0, width: 40, height: 10),
                                       options: options)
        #expect(fitted == Rect(x: 15, y: 0, width: 10, height: 10))
        let offImage = BlockImageOptions(sourceRegion: ImageRegion(x: 200, y: 0, width: 10, height: 10))
        #expect(BlockImage.layout(imageWidth: 100, imageHeight: 100, in: Rect(x: 0, y: 0, width: 40, height: 10),
                                  options: offImage).isEmpty)
    }
}

/// A small seeded generator so randomised tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
