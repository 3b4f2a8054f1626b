import Imaging

/// Colouring the cells of a drawn film where a `TintMask` marks them (the LIME overlay).
extension BlockImage {
    /// Warm tint for mask +1 (toward PNEUMONIA): `ExplanationColors.supporting`.
    public static let positiveTint = floats(ExplanationColors.supporting)
    /// Cool tint for mask -1 (against PNEUMONIA): `ExplanationColors.opposing`.
    public static let negativeTint = floats(ExplanationColors.opposing)
    /// Share of the tint colour in a tinted cell's colours, 0...1; the rest is the film's grey.
    public static let tintAlpha = ExplanationColors.tintAlpha

    private static func floats(_ c: RGB) -> (r: Float, g: Float, b: Float) { (Float(c.r), Float(c.g), Float(c.b)) }

    /// Tints the cells of `drawn` (the rect `render` returned) whose 2x4 sub-pixels are mostly
    /// marked in `mask`; `visible` is the shown part of the image in fractions 0...1 of its
    /// width and height. Each tinted cell keeps its glyph; its grey fg/bg are blended with the
    /// tint (nearest colour-cube entry in 256 colours). Monochrome grids are left unchanged.
    public static func tint(_ grid: inout CellGrid, drawn: Rect, mask: TintMask, visible: ImageRegion,
                            colorMode: BlockImageColorMode) {
        guard colorMode != .monochrome, mask.width > 0, !drawn.isEmpty else { return }
        for row in 0..<drawn.height {
            for col in 0..<drawn.width {
                let sign = cellSign(mask, col: col, row: row, drawn: drawn, visible: visible)
                guard sign != 0 else { continue }
                let x = drawn.x + col, y = drawn.y + row
                guard grid.area.contains(Position(x: x, y: y)) else { continue }
                var cell = grid[x, y]
                cell.foreground = tinted(cell.foreground, sign: sign, colorMode: colorMode)
                cell.background = tinted(cell.background, sign: sign, colorMode: colorMode)
                grid[x, y] = cell
            }
        }
    }

    /// +1 or -1 when at least half of the cell's 8 sub-pixel centres carry that sign, else 0.
    static func cellSign(_ mask: TintMask, col: Int, row: Int, drawn: Rect, visible: ImageRegion) -> Int8 {
        var plus = 0, minus = 0
        for r in 0..<4 {
            for c in 0..<2 {
                let u = (Double(col * 2 + c) + 0.5) / Double(drawn.width * 2)
                let v = (Double(row * 4 + r) + 0.5) / Double(drawn.height * 4)
                switch mask.value(atFractionX: visible.x + u * visible.width, y: visible.y + v * visible.height) {
                case 1: plus += 1
                case -1: minus += 1
                default: break
                }
            }
        }
        if plus >= 4 && plus >= minus { return 1 }
        if minus >= 4 { return -1 }
        return 0
    }

    /// `color` (a grey the film renderer chose) blended toward the tint of `sign`.
    static func tinted(_ color: TerminalColor, sign: Int8, colorMode: BlockImageColorMode) -> TerminalColor {
        let grey: Float
        switch color {
        case .rgb(let r, _, _): grey = Float(r)
        case .palette(let index): grey = GreyPalette.entries.first { $0.index == index }?.level ?? 128
        case .default: grey = 0
        }
        let t = sign > 0 ? positiveTint : negativeTint
        let a = tintAlpha
        let r = grey * (1 - a) + t.r * a, g = grey * (1 - a) + t.g * a, b = grey * (1 - a) + t.b * a
        if colorMode == .truecolor {
            return .rgb(UInt8(r.rounded()), UInt8(g.rounded()), UInt8(b.rounded()))
        }
        return .palette(nearestCubeIndex(r: r, g: g, b: b))
    }

    /// The xterm colour-cube entry (16...231) nearest to an RGB colour (0...255 per channel):
    /// the nearest level per channel is the nearest entry overall.
    public static func nearestCubeIndex(r: Float, g: Float, b: Float) -> UInt8 {
        UInt8(XtermLevels.cubeIndex(r: XtermLevels.nearestCubeLevel(r), g: XtermLevels.nearestCubeLevel(g),
                                    b: XtermLevels.nearestCubeLevel(b)))
    }
}
