import Dispatch
import Imaging

/// Draws a grey image into a rectangle of cells with block glyphs, two colours per cell.
///
/// Each cell covers 2x4 sub-pixels of the box-resized image (1x2 "half-block" pixels, which
/// are square because a cell is about twice as tall as wide), so the image keeps its aspect
/// ratio and is centred in the rectangle. Cells outside the image are left untouched.
public enum BlockImage {
    /// Sub-pixels one cell resolves with the block glyphs: 2 across, 4 down. A film decoded at
    /// the cells times this is as sharp as block characters can show it.
    public static let subPixelsPerCell = (width: 2, height: 4)

    /// The cells the image would occupy when drawn into `rect` with `options`
    /// (empty when the rect or the visible region is empty).
    public static func layout(imageWidth: Int, imageHeight: Int, in rect: Rect,
                              options: BlockImageOptions = .init()) -> Rect {
        guard let region = visibleRegion(imageWidth: imageWidth, imageHeight: imageHeight, options: options),
              !rect.isEmpty else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        // In half-block pixels the rect is width x (2 * height), and those pixels are square.
        let scale = min(Double(rect.width) / region.width, Double(2 * rect.height) / region.height)
        let columns = min(rect.width, max(1, Int((region.width * scale).rounded())))
        let rows = min(rect.height, max(1, Int((region.height * scale / 2).rounded())))
        return Rect(x: rect.x + (rect.width - columns) / 2, y: rect.y + (rect.height - rows) / 2,
                    width: columns, height: rows)
    }

    /// Draws `image` (greys in 0...255 after the options' window) centred in `rect` of `grid`;
    /// returns the cells drawn. A zero-size rect or empty image draws nothing.
    @discardableResult
    public static func render(_ image: GrayImage, in rect: Rect, into grid: inout CellGrid,
                              options: BlockImageOptions = .init()) -> Rect {
        let target = rect.intersection(grid.area)
        let drawn = layout(imageWidth: image.width, imageHeight: image.height, in: target, options: options)
        guard !drawn.isEmpty,
              let region = visibleRegion(imageWidth: image.width, imageHeight: image.height, options: options)
        else { return drawn }
        // sub: (rows * 4, columns * 2) sub-pixels in display greys 0...255.
        let subWidth = drawn.width * subPixelsPerCell.width
        let sub = image.areaAveraged(x: region.x, y: region.y, width: region.width, height: region.height,
                                     outWidth: subWidth, outHeight: drawn.height * subPixelsPerCell.height, map: options.displayGrey)
        let partitions = partitions(options.glyphs)
        // Cells are independent, so bands of rows are fitted on all cores when the film is large
        // (at 160x50 the fit is most of a redraw), each band into its own rows of `cells`.
        var cells = [Cell](repeating: Cell(" "), count: drawn.width * drawn.height)
        let bands = min(drawn.height, max(1, drawn.width * drawn.height / Self.cellsPerBand), max(1, options.workers))
        cells.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                var block = SIMD8<Float>()
                for row in (drawn.height * band / bands)..<(drawn.height * (band + 1) / bands) {
                    for col in 0..<drawn.width {
                        for r in 0..<4 {
                            for c in 0..<2 { block[r * 2 + c] = sub[(row * 4 + r) * subWidth + col * 2 + c] }
                        }
                        out[row * drawn.width + col] = cell(for: block, partitions: partitions, options: options)
                    }
                }
            }
        }
        for row in 0..<drawn.height {
            for col in 0..<drawn.width { grid[drawn.x + col, drawn.y + row] = cells[row * drawn.width + col] }
        }
        return drawn
    }

    /// Cells below which fitting stays on the calling thread (waking a thread costs more).
    static let cellsPerBand = 1_500

    /// The requested source region clipped to the image, or nil when nothing is visible.
    package static func visibleRegion(imageWidth: Int, imageHeight: Int, options: BlockImageOptions) -> ImageRegion? {
        guard imageWidth > 0, imageHeight > 0 else { return nil }
        let full = ImageRegion(x: 0, y: 0, width: Double(imageWidth), height: Double(imageHeight))
        guard let r = options.sourceRegion else { return full }
        let x0 = max(0, r.x), y0 = max(0, r.y)
        let x1 = min(Double(imageWidth), r.x + r.width), y1 = min(Double(imageHeight), r.y + r.height)
        guard x1 > x0, y1 > y0 else { return nil }
        return ImageRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The cell for one block of 2x4 sub-pixels (`block[r * 2 + c]`, greys 0...255).
    static func cell(for block: SIMD8<Float>, partitions: [BlockPartition], options: BlockImageOptions) -> Cell {
        switch options.colorMode {
        case .monochrome:
            let mean = block.sum() / 8
            return Cell(shades[min(4, max(0, Int((mean / 255 * 4).rounded())))])
        case .truecolor:
            let fit = BlockFit.best(block, partitions: partitions, palette: false)
            return Cell(fit.partition.glyph, foreground: rgbGrey(fit.foreground), background: rgbGrey(fit.background))
        case .palette256:
            let fit = BlockFit.best(block, partitions: partitions, palette: true)
            return Cell(fit.partition.glyph, foreground: paletteGrey(fit.foreground), background: paletteGrey(fit.background))
        }
    }

    static let shades = [" ", "\u{2591}", "\u{2592}", "\u{2593}", "\u{2588}"]

    static func partitions(_ glyphs: BlockImageGlyphs) -> [BlockPartition] {
        switch glyphs {
        case .halfBlocks: [BlockPartition.upperHalf]
        case .blocks: BlockPartition.blocks
        case .blocksAndEighths: BlockPartition.blocks + BlockPartition.eighths
        }
    }

    static func rgbGrey(_ grey: Float) -> TerminalColor {
        let g = UInt8(min(255, max(0, grey.rounded())))
        return .rgb(g, g, g)
    }

    /// The palette index of an exact palette level (or of the nearest one).
    static func paletteGrey(_ level: Float) -> TerminalColor {
        .palette(GreyPalette.nearest(level).index)
    }
}
